using System.Buffers;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Microcredit.Scoring.Models.Trees;

/// <summary>
/// Grows one regression tree on gradients and hessians from histograms of bin codes. A node's
/// histogram is built over fixed chunks of its rows, each chunk into its own partial, and the
/// partials are added in chunk order, so the sums (and the tree) do not depend on how many
/// threads ran; the larger child's histogram is the parent's minus the smaller one's.
/// </summary>
internal sealed class TreeGrower
{
    /// <summary>Rows per histogram chunk: the unit of parallel work and of the fixed summation order.</summary>
    private const int ChunkRows = 16_384;

    /// <summary>Rows per chunk of a partition.</summary>
    private const int PartitionRows = 32_768;

    private const int Stride = 256 * 2;

    private readonly BinnedMatrix data;
    private readonly GbdtOptions options;
    private readonly int[] monotone;
    private readonly LeafObjective objective;
    private readonly ParallelOptions parallel;
    private readonly int features;
    private readonly int histLength;

    // Own pools: a histogram is 200 KB at 50 features, beyond what ArrayPool.Shared keeps per
    // core, so renting there allocated on the large-object heap every round.
    private readonly Stack<double[]> free = new();
    private double[][] partials = [];

    public TreeGrower(BinnedMatrix data, GbdtOptions options, int[] monotone)
    {
        this.data = data;
        this.options = options;
        this.monotone = monotone;
        objective = new LeafObjective(options.Lambda, options.Alpha);
        parallel = new ParallelOptions { MaxDegreeOfParallelism = options.Threads > 0 ? options.Threads : Environment.ProcessorCount };
        features = data.Features;
        histLength = features * Stride;
    }

    /// <summary>Grows a tree on <paramref name="rows"/> (ascending; the buffer is reordered) using only the features marked in <paramref name="allowed"/>.</summary>
    public GrownTree Grow(int[] rows, double[] grad, double[] hess, bool[] allowed)
    {
        var tree = new GrownTree();
        var scratch = ArrayPool<int>.Shared.Rent(rows.Length);
        try
        {
            double g = 0, h = 0;
            for (var i = 0; i < rows.Length; i++)
            {
                g += grad[rows[i]];
                h += hess[rows[i]];
            }

            var root = tree.Add(g, h, objective.Weight(g, h, double.NegativeInfinity, double.PositiveInfinity) * options.LearningRate, double.NegativeInfinity, double.PositiveInfinity, 0, 0, rows.Length);
            var rootHist = Histograms(tree, [root], rows, grad, hess)[0];
            var open = new List<(int Node, double[] Hist, SplitCandidate Split)> { (root, rootHist, BestSplits(tree, [root], [rootHist], allowed)[0]) };
            if (options.MaxLeaves == 0)
            {
                GrowByLevel(tree, open, rows, scratch, grad, hess, allowed);
            }
            else
            {
                GrowByGain(tree, open, rows, scratch, grad, hess, allowed);
            }
        }
        finally
        {
            ArrayPool<int>.Shared.Return(scratch);
        }

        return tree;
    }

    /// <summary>
    /// Depth-wise: a whole level at a time, so the histograms of all of its smaller children are
    /// built in one parallel pass and all of its split searches in another. Nodes are numbered in
    /// the breadth-first order of splitting, as one node at a time would number them.
    /// </summary>
    private void GrowByLevel(GrownTree tree, List<(int Node, double[] Hist, SplitCandidate Split)> level, int[] rows, int[] scratch, double[] grad, double[] hess, bool[] allowed)
    {
        while (level.Count > 0)
        {
            var small = new List<int>();
            var large = new List<(int Node, double[] ParentHist)>();
            var children = new List<int>();
            var splitting = level.Where(n => n.Split.IsValid).ToArray();
            var starts = Partition([.. splitting.Select(n => (tree.Begin[n.Node], tree.End[n.Node], n.Split))], rows, scratch);
            var at = 0;
            foreach (var (node, hist, split) in level)
            {
                if (!split.IsValid)
                {
                    free.Push(hist);
                    continue;
                }

                var (left, right) = AddChildren(tree, node, split, starts[at++]);
                var leftIsSmall = tree.End[left] - tree.Begin[left] <= tree.End[right] - tree.Begin[right];
                small.Add(leftIsSmall ? left : right);
                large.Add((leftIsSmall ? right : left, hist));
                children.Add(left);
                children.Add(right);
            }

            if (children.Count == 0)
            {
                return;
            }

            if (tree.DepthOf[children[0]] >= options.MaxDepth)
            {
                // Children at the depth limit are leaves: they need neither histograms nor a split search.
                foreach (var (_, parentHist) in large)
                {
                    free.Push(parentHist);
                }

                return;
            }

            var smallHists = Histograms(tree, [.. small], rows, grad, hess);
            var hists = new Dictionary<int, double[]>(children.Count);
            Parallel.For(0, large.Count, parallel, k =>
            {
                var (parent, smallHist) = (large[k].ParentHist, smallHists[k]);
                for (var i = 0; i < histLength; i++)
                {
                    parent[i] -= smallHist[i];
                }
            });
            for (var k = 0; k < small.Count; k++)
            {
                hists[small[k]] = smallHists[k];
                hists[large[k].Node] = large[k].ParentHist;
            }

            var childHists = children.Select(c => hists[c]).ToArray();
            var splits = BestSplits(tree, [.. children], childHists, allowed);
            level = [.. children.Select((c, k) => (c, childHists[k], splits[k]))];
        }
    }

    /// <summary>Leaf-wise: split the open leaf of largest gain (the first on ties) until the leaf budget is spent.</summary>
    private void GrowByGain(GrownTree tree, List<(int Node, double[] Hist, SplitCandidate Split)> open, int[] rows, int[] scratch, double[] grad, double[] hess, bool[] allowed)
    {
        var leaves = 1;
        while (open.Count > 0 && leaves < options.MaxLeaves)
        {
            var pick = 0;
            for (var k = 1; k < open.Count; k++)
            {
                if (open[k].Split.Gain > open[pick].Split.Gain)
                {
                    pick = k;
                }
            }

            var (node, hist, split) = open[pick];
            open.RemoveAt(pick);
            if (!split.IsValid)
            {
                free.Push(hist);
                continue;
            }

            var (left, right) = Split(tree, node, split, rows, scratch);
            leaves++;
            var small = tree.End[left] - tree.Begin[left] <= tree.End[right] - tree.Begin[right] ? left : right;
            var smallHist = Histograms(tree, [small], rows, grad, hess)[0];
            for (var k = 0; k < histLength; k++)
            {
                hist[k] -= smallHist[k];
            }

            var leftHist = left == small ? smallHist : hist;
            var rightHist = right == small ? smallHist : hist;
            var found = BestSplits(tree, [left, right], [leftHist, rightHist], allowed);
            open.Add((left, leftHist, found[0]));
            open.Add((right, rightHist, found[1]));
        }

        foreach (var (_, hist, _) in open)
        {
            free.Push(hist);
        }
    }

    private (int Left, int Right) Split(GrownTree tree, int node, SplitCandidate split, int[] rows, int[] scratch) =>
        AddChildren(tree, node, split, Partition(tree.Begin[node], tree.End[node], split, rows, scratch));

    /// <summary>
    /// Stable partition of rows[begin..end) by the split (rows stay ascending on both sides, which keeps
    /// later histogram passes in memory order); returns where the right side starts.
    /// </summary>
    private int Partition(int begin, int end, SplitCandidate split, int[] rows, int[] scratch) =>
        Partition([(begin, end, split)], rows, scratch)[0];

    /// <summary>
    /// The partitions of several ranges (a level's splitting nodes), each range cut into chunks of
    /// <see cref="PartitionRows"/> so that a large node splits on both threads: the chunks count their
    /// left rows, prefix sums place each chunk's left and right rows, then the chunks write them into
    /// scratch (branch-free, each row only to its own side) and copy back. Returns where each range's
    /// right side starts.
    /// </summary>
    private int[] Partition((int Begin, int End, SplitCandidate Split)[] ranges, int[] rows, int[] scratch)
    {
        var chunks = new List<(int Range, int Begin, int End)>();
        for (var k = 0; k < ranges.Length; k++)
        {
            for (var from = ranges[k].Begin; from < ranges[k].End; from += PartitionRows)
            {
                chunks.Add((k, from, Math.Min(ranges[k].End, from + PartitionRows)));
            }
        }

        var lefts = new int[chunks.Count];
        Parallel.For(0, chunks.Count, parallel, c =>
        {
            var (k, begin, end) = chunks[c];
            var rule = new PartitionRule(data, ranges[k].Split);
            var count = 0;
            for (var i = begin; i < end; i++)
            {
                count += rule.Left(rows[i]);
            }

            lefts[c] = count;
        });

        // Where each chunk's left rows and right rows go, and each range's first right row.
        var leftAt = new int[chunks.Count];
        var rightAt = new int[chunks.Count];
        var starts = new int[ranges.Length];
        for (int c = 0, next = 0; c < chunks.Count; c = next)
        {
            var k = chunks[c].Range;
            var totalLeft = 0;
            for (next = c; next < chunks.Count && chunks[next].Range == k; next++)
            {
                totalLeft += lefts[next];
            }

            int nextLeft = ranges[k].Begin, nextRight = ranges[k].Begin + totalLeft;
            starts[k] = nextRight;
            for (var d = c; d < next; d++)
            {
                leftAt[d] = nextLeft;
                rightAt[d] = nextRight;
                nextLeft += lefts[d];
                nextRight += chunks[d].End - chunks[d].Begin - lefts[d];
            }
        }

        Parallel.For(0, chunks.Count, parallel, c =>
        {
            var (k, begin, end) = chunks[c];
            var rule = new PartitionRule(data, ranges[k].Split);
            int nl = leftAt[c], nr = rightAt[c];
            for (var i = begin; i < end; i++)
            {
                var r = rows[i];
                var left = rule.Left(r);
                scratch[left == 1 ? nl : nr] = r;
                nl += left;
                nr += 1 - left;
            }
        });

        Parallel.For(0, chunks.Count, parallel, c => Array.Copy(scratch, chunks[c].Begin, rows, chunks[c].Begin, chunks[c].End - chunks[c].Begin));
        return starts;
    }

    /// <summary>A split as a partition reads it: the feature's column of codes, the last left bin, and the side of missing values.</summary>
    private readonly ref struct PartitionRule(BinnedMatrix data, SplitCandidate split)
    {
        private readonly ReadOnlySpan<byte> column = data.Columns.AsSpan(split.Feature * data.Rows, data.Rows);
        private readonly int bin = split.Bin;

        // −1 for a feature without missing values: code 255 is then a value bin.
        private readonly int missing = data.HasMissing[split.Feature] ? BinnedMatrix.MissingBin : -1;
        private readonly int missingLeft = split.DefaultLeft ? 1 : 0;

        /// <summary>1 when <paramref name="row"/> goes left, without branches.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public int Left(int row)
        {
            int code = column[row];
            return code == missing ? missingLeft : Unsafe.BitCast<bool, byte>(code <= bin);
        }
    }

    private (int Left, int Right) AddChildren(GrownTree tree, int node, SplitCandidate split, int nl)
    {
        int begin = tree.Begin[node], end = tree.End[node];
        var f = split.Feature;
        double lo = tree.Lower[node], hi = tree.Upper[node];
        double leftLo = lo, leftHi = hi, rightLo = lo, rightHi = hi;
        var mid = (split.LeftWeight + split.RightWeight) / 2;
        if (monotone[f] > 0)
        {
            leftHi = Math.Min(hi, mid);
            rightLo = Math.Max(lo, mid);
        }
        else if (monotone[f] < 0)
        {
            leftLo = Math.Max(lo, mid);
            rightHi = Math.Min(hi, mid);
        }

        var (gl, hl, gr, hr) = split.Sums;
        var depth = tree.DepthOf[node] + 1;
        var left = tree.Add(gl, hl, split.LeftWeight * options.LearningRate, leftLo, leftHi, depth, begin, nl);
        var right = tree.Add(gr, hr, split.RightWeight * options.LearningRate, rightLo, rightHi, depth, nl, end);
        tree.SetSplit(node, f, data.Cuts[f][split.Bin], split.Bin, split.DefaultLeft, left, right);
        return (left, right);
    }

    /// <summary>
    /// The histograms of <paramref name="nodes"/>: every node's rows cut into chunks of
    /// <see cref="ChunkRows"/> from its first row, all chunks of all nodes summed in parallel into
    /// their own partials, then each node's partials added in chunk order, so a node's sums are the
    /// same whichever nodes share the pass and however many threads run it.
    /// </summary>
    private double[][] Histograms(GrownTree tree, int[] nodes, int[] rows, double[] grad, double[] hess)
    {
        var result = new double[nodes.Length][];
        var tasks = new List<(int Slot, int Begin, int End)>();
        var firstTask = new int[nodes.Length + 1];
        for (var k = 0; k < nodes.Length; k++)
        {
            result[k] = free.Count > 0 ? free.Pop() : new double[histLength];
            firstTask[k] = tasks.Count;
            int begin = tree.Begin[nodes[k]], end = tree.End[nodes[k]];
            for (var from = begin; from < end || from == begin; from += ChunkRows)
            {
                tasks.Add((k, from, Math.Min(end, from + ChunkRows)));
            }
        }

        firstTask[nodes.Length] = tasks.Count;
        if (partials.Length < tasks.Count)
        {
            partials = [.. partials, .. Enumerable.Range(0, tasks.Count - partials.Length).Select(_ => new double[histLength])];
        }

        // A node of one chunk is summed straight into its histogram.
        var buffers = partials;
        Parallel.For(0, tasks.Count, parallel, t =>
        {
            var (slot, begin, end) = tasks[t];
            var target = firstTask[slot + 1] - firstTask[slot] == 1 ? result[slot] : buffers[t];
            Array.Clear(target, 0, histLength);
            Accumulate(target, rows, begin, end, grad, hess);
        });

        // Fixed order of addition (chunk 0, 1, …) per node, split by node and feature across threads.
        var multi = Enumerable.Range(0, nodes.Length).Where(k => firstTask[k + 1] - firstTask[k] > 1).ToArray();
        Parallel.For(0, multi.Length * features, parallel, job =>
        {
            var k = multi[job / features];
            var from = (job % features) * Stride;
            var hist = result[k];
            Array.Clear(hist, from, Stride);
            for (var t = firstTask[k]; t < firstTask[k + 1]; t++)
            {
                var partial = buffers[t];
                for (var i = from; i < from + Stride; i++)
                {
                    hist[i] += partial[i];
                }
            }
        });
        return result;
    }

    /// <summary>
    /// Rows per pass of <see cref="Accumulate"/>. A pass sums its rows four features at a time: a
    /// group's bins (4 × 256 × 16 bytes = 16 KB), the pass's codes and gradient pairs fit the 32 KB L1
    /// cache, where a whole node's 50 features (200 KB) would miss it on nearly every add.
    /// </summary>
    private const int PassRows = 64;

    private void Accumulate(double[] hist, int[] rows, int begin, int end, double[] grad, double[] hess)
    {
        // The hot loop of training: unchecked reads and writes. Row indices come from the row
        // buffer (all below data.Rows), codes are bytes and a histogram holds 256 bins per feature.
        // Each bin still receives its rows' pairs in row order, so the sums do not depend on the grouping.
        var width = features;
        var all = data.Codes;
        ref var sums = ref MemoryMarshal.GetArrayDataReference(hist);
        Span<Vector128<double>> pairs = stackalloc Vector128<double>[PassRows];

        // The pass's codes copied side by side (64 bytes more, for the vector copy's overhang).
        var staged = width <= 64 ? stackalloc byte[(PassRows * width) + 64] : new byte[(PassRows * width) + 64];
        ref var codes = ref MemoryMarshal.GetReference(staged);
        ref var source = ref MemoryMarshal.GetArrayDataReference(all);
        for (var from = begin; from < end; from += PassRows)
        {
            var count = Math.Min(PassRows, end - from);
            for (var i = 0; i < count; i++)
            {
                var r = rows[from + i];
                pairs[i] = Vector128.Create(grad[r], hess[r]);
                var at = (nint)r * width;
                if (width <= 64 && at + 64 <= all.Length)
                {
                    Vector512.LoadUnsafe(ref source, (nuint)at).StoreUnsafe(ref codes, (nuint)(i * width));
                }
                else
                {
                    all.AsSpan((int)at, width).CopyTo(staged[(i * width)..]);
                }
            }

            var f0 = 0;
            for (; f0 + 4 <= width; f0 += 4)
            {
                var h0 = f0 << 9;
                ref var line = ref Unsafe.Add(ref codes, f0);
                for (var i = 0; i < count; i++, line = ref Unsafe.Add(ref line, width))
                {
                    var pair = Unsafe.Add(ref MemoryMarshal.GetReference(pairs), i);
                    ref var c0 = ref Unsafe.As<double, Vector128<double>>(ref Unsafe.Add(ref sums, h0 + (line << 1)));
                    ref var c1 = ref Unsafe.As<double, Vector128<double>>(ref Unsafe.Add(ref sums, h0 + 512 + (Unsafe.Add(ref line, 1) << 1)));
                    ref var c2 = ref Unsafe.As<double, Vector128<double>>(ref Unsafe.Add(ref sums, h0 + 1024 + (Unsafe.Add(ref line, 2) << 1)));
                    ref var c3 = ref Unsafe.As<double, Vector128<double>>(ref Unsafe.Add(ref sums, h0 + 1536 + (Unsafe.Add(ref line, 3) << 1)));
                    c0 += pair;
                    c1 += pair;
                    c2 += pair;
                    c3 += pair;
                }
            }

            for (; f0 < width; f0++)
            {
                var h0 = f0 << 9;
                for (var i = 0; i < count; i++)
                {
                    ref var cell = ref Unsafe.As<double, Vector128<double>>(ref Unsafe.Add(ref sums, h0 + (Unsafe.Add(ref codes, (i * width) + f0) << 1)));
                    cell += pairs[i];
                }
            }
        }
    }

    /// <summary>The best split of each node (the first feature of greatest gain), searched over all (node, feature) pairs in parallel.</summary>
    private SplitCandidate[] BestSplits(GrownTree tree, int[] nodes, double[][] hists, bool[] allowed)
    {
        var best = new SplitCandidate[nodes.Length * features];
        Parallel.For(0, best.Length, parallel, job =>
        {
            var (k, f) = (job / features, job % features);
            best[job] = allowed[f] && tree.DepthOf[nodes[k]] < options.MaxDepth ? BestSplitOf(tree, nodes[k], hists[k], f) : SplitCandidate.None;
        });
        var picks = new SplitCandidate[nodes.Length];
        for (var k = 0; k < nodes.Length; k++)
        {
            var pick = SplitCandidate.None;
            for (var f = 0; f < features; f++)
            {
                var candidate = best[(k * features) + f];
                if (candidate.IsValid && (!pick.IsValid || candidate.Gain > pick.Gain))
                {
                    pick = candidate;
                }
            }

            picks[k] = pick;
        }

        return picks;
    }

    private SplitCandidate BestSplitOf(GrownTree tree, int node, double[] hist, int f)
    {
        double g = tree.G[node], h = tree.H[node], lo = tree.Lower[node], hi = tree.Upper[node];
        if (Vector512.IsHardwareAccelerated && !options.ScalarSplitSearch && monotone[f] == 0 && double.IsNegativeInfinity(lo) && double.IsPositiveInfinity(hi))
        {
            return BestSplitVector(tree, node, hist, f);
        }

        var parentGain = objective.Gain(g, h, objective.Weight(g, h, lo, hi));
        var baseAt = f * Stride;
        var missing = data.HasMissing[f];
        var gm = missing ? hist[baseAt + (BinnedMatrix.MissingBin * 2)] : 0;
        var hm = missing ? hist[baseAt + (BinnedMatrix.MissingBin * 2) + 1] : 0;
        var valueBins = data.Cuts[f].Length + 1;
        var minChild = options.MinChildWeight;
        var constraint = monotone[f];
        var best = SplitCandidate.None;
        double gl = 0, hl = 0;
        for (var b = 0; b < valueBins - 1; b++)
        {
            var binG = hist[baseAt + (b * 2)];
            var binH = hist[baseAt + (b * 2) + 1];
            if (binG == 0 && binH == 0)
            {
                // An empty bin leaves the sums as they were: its split repeats the previous bin's, which won any tie.
                continue;
            }

            gl += binG;
            hl += binH;

            // Missing right first, then missing left; the left default wins only when strictly better.
            for (var side = 0; side < (hm > 0 ? 2 : 1); side++)
            {
                var lg = side == 0 ? gl : gl + gm;
                var lh = side == 0 ? hl : hl + hm;
                var rg = g - lg;
                var rh = h - lh;
                if (lh < minChild || rh < minChild)
                {
                    continue;
                }

                var wl = objective.Weight(lg, lh, lo, hi);
                var wr = objective.Weight(rg, rh, lo, hi);
                if ((constraint > 0 && wl > wr) || (constraint < 0 && wl < wr))
                {
                    continue;
                }

                var gain = objective.Gain(lg, lh, wl) + objective.Gain(rg, rh, wr) - parentGain;
                if (gain > options.Gamma && gain > 1e-10 && (!best.IsValid || gain > best.Gain))
                {
                    best = new SplitCandidate(f, b, side == 1, gain, wl, wr) { Sums = (lg, lh, rg, rh) };
                }
            }
        }

        return best;
    }

    /// <summary>
    /// <see cref="BestSplitOf"/> for an unconstrained node and feature (no weight bounds, no monotone
    /// rule): the children's sums of every bin first, then their gains eight bins to a vector with
    /// the very operations of <see cref="LeafObjective"/> in the same order (so the same bits), then
    /// the first bin of greatest gain as the scalar scan picks it (missing right before missing left).
    /// </summary>
    private SplitCandidate BestSplitVector(GrownTree tree, int node, double[] hist, int f)
    {
        const int Lanes = 8;
        double g = tree.G[node], h = tree.H[node];
        var parentGain = objective.Gain(g, h, objective.Weight(g, h, double.NegativeInfinity, double.PositiveInfinity));
        var baseAt = f * Stride;
        var missing = data.HasMissing[f];
        var gm = missing ? hist[baseAt + (BinnedMatrix.MissingBin * 2)] : 0;
        var hm = missing ? hist[baseAt + (BinnedMatrix.MissingBin * 2) + 1] : 0;
        var splits = data.Cuts[f].Length;
        var sides = hm > 0 ? 2 : 1;
        Span<double> lgs = stackalloc double[256];
        Span<double> lhs = stackalloc double[256];
        Span<bool> empty = stackalloc bool[256];
        double gl = 0, hl = 0;
        for (var b = 0; b < splits; b++)
        {
            var binG = hist[baseAt + (b * 2)];
            var binH = hist[baseAt + (b * 2) + 1];

            // An empty bin leaves the sums as they were: its split repeats the previous bin's, which won any tie.
            empty[b] = binG == 0 && binH == 0;
            if (!empty[b])
            {
                gl += binG;
                hl += binH;
            }

            lgs[b] = gl;
            lhs[b] = hl;
        }

        Span<double> gains = stackalloc double[2 * 256];
        var padded = (splits + Lanes - 1) / Lanes * Lanes;
        for (var b = splits; b < padded; b++)
        {
            lgs[b] = 0;
            lhs[b] = 0;
        }

        var vg = Vector512.Create(g);
        var vh = Vector512.Create(h);
        var minChild = Vector512.Create(options.MinChildWeight);
        var parent = Vector512.Create(parentGain);
        var gamma = Vector512.Create(options.Gamma);
        var floor = Vector512.Create(1e-10);
        var invalid = Vector512.Create(double.NaN);
        for (var side = 0; side < sides; side++)
        {
            var addG = Vector512.Create(side == 0 ? 0 : gm);
            var addH = Vector512.Create(side == 0 ? 0 : hm);
            for (var b = 0; b < padded; b += Lanes)
            {
                var lg = Vector512.Create<double>(lgs.Slice(b, Lanes));
                var lh = Vector512.Create<double>(lhs.Slice(b, Lanes));
                if (side == 1)
                {
                    lg += addG;
                    lh += addH;
                }

                var rg = vg - lg;
                var rh = vh - lh;
                var gain = (Gain(lg, lh) + Gain(rg, rh)) - parent;
                var ok = ~Vector512.LessThan(lh, minChild) & ~Vector512.LessThan(rh, minChild)
                    & Vector512.GreaterThan(gain, gamma) & Vector512.GreaterThan(gain, floor);
                Vector512.ConditionalSelect(ok, gain, invalid).CopyTo(gains.Slice((side * 256) + b, Lanes));
            }
        }

        // NaN marks a bin-side that fails a condition: it never compares greater.
        var best = SplitCandidate.None;
        var bestBin = -1;
        var bestSide = 0;
        var bestGain = 0.0;
        for (var b = 0; b < splits; b++)
        {
            if (empty[b])
            {
                continue;
            }

            for (var side = 0; side < sides; side++)
            {
                var gain = gains[(side * 256) + b];
                if (gain > double.NegativeInfinity && (bestBin < 0 || gain > bestGain))
                {
                    (bestBin, bestSide, bestGain) = (b, side, gain);
                }
            }
        }

        if (bestBin >= 0)
        {
            // Side 0 takes the sums as they are (adding 0 could turn a −0 into +0).
            var (lg, lh) = bestSide == 0 ? (lgs[bestBin], lhs[bestBin]) : (lgs[bestBin] + gm, lhs[bestBin] + hm);

            var rg = g - lg;
            var rh = h - lh;
            var wl = objective.Weight(lg, lh, double.NegativeInfinity, double.PositiveInfinity);
            var wr = objective.Weight(rg, rh, double.NegativeInfinity, double.PositiveInfinity);
            best = new SplitCandidate(f, bestBin, bestSide == 1, bestGain, wl, wr) { Sums = (lg, lh, rg, rh) };
        }

        return best;
    }

    /// <summary><see cref="LeafObjective.Gain"/> of <see cref="LeafObjective.Weight"/> without bounds, per lane, in the scalar's order of operations.</summary>
    private Vector512<double> Gain(Vector512<double> g, Vector512<double> h)
    {
        var alpha = Vector512.Create(objective.Alpha);
        var t = Vector512.ConditionalSelect(
            Vector512.GreaterThan(g, alpha),
            g - alpha,
            Vector512.ConditionalSelect(Vector512.LessThan(g, Vector512.Create(-objective.Alpha)), g + alpha, Vector512<double>.Zero));
        var hl = h + Vector512.Create(objective.Lambda);
        var w = -t / hl;

        // Math.Max(−∞, Math.Min(+∞, w)) is w itself, so the scalar's clamp needs no lanes here.
        var two = Vector512.Create(2.0);
        return -((two * g * w) + (hl * w * w) + (Vector512.Create(2 * objective.Alpha) * Vector512.Abs(w)));
    }
}
