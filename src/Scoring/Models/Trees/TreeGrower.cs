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
            var starts = new int[splitting.Length];
            Parallel.For(0, splitting.Length, parallel, k =>
                starts[k] = Partition(tree.Begin[splitting[k].Node], tree.End[splitting[k].Node], splitting[k].Split, rows, scratch));
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
    /// later histogram passes in memory order); returns where the right side starts. Branch-free:
    /// each row is written to both sides and only the side it belongs to advances. Touches only
    /// [begin, end) of both buffers, so the nodes of a level can be partitioned at once.
    /// </summary>
    private int Partition(int begin, int end, SplitCandidate split, int[] rows, int[] scratch)
    {
        var codes = data.Codes;
        var f = split.Feature;
        var bin = split.Bin;
        var missingLeft = split.DefaultLeft ? 1 : 0;
        var nl = begin;
        var nr = begin;
        for (var i = begin; i < end; i++)
        {
            var r = rows[i];
            int code = codes[((long)r * features) + f];
            var left = code == BinnedMatrix.MissingBin ? missingLeft : (code <= bin ? 1 : 0);
            rows[nl] = r;
            scratch[nr] = r;
            nl += left;
            nr += 1 - left;
        }

        Array.Copy(scratch, begin, rows, nl, nr - begin);
        return nl;
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

    private void Accumulate(double[] hist, int[] rows, int begin, int end, double[] grad, double[] hess)
    {
        // The hot loop of training: unchecked reads and writes. Row indices come from the row
        // buffer (all below data.Rows), codes are bytes and a histogram holds 256 bins per feature.
        var width = features;
        ref var codes = ref MemoryMarshal.GetArrayDataReference(data.Codes);
        ref var sums = ref MemoryMarshal.GetArrayDataReference(hist);
        // A bin's (g, h) pair is added as one 128-bit vector: one load and one store per feature.
        for (var i = begin; i < end; i++)
        {
            var r = rows[i];
            var pair = Vector128.Create(grad[r], hess[r]);
            ref var line = ref Unsafe.Add(ref codes, (nint)r * width);
            var f = 0;
            for (; f + 4 <= width; f += 4)
            {
                ref var c0 = ref Unsafe.As<double, Vector128<double>>(ref Unsafe.Add(ref sums, (f << 9) + (Unsafe.Add(ref line, f) << 1)));
                ref var c1 = ref Unsafe.As<double, Vector128<double>>(ref Unsafe.Add(ref sums, ((f + 1) << 9) + (Unsafe.Add(ref line, f + 1) << 1)));
                ref var c2 = ref Unsafe.As<double, Vector128<double>>(ref Unsafe.Add(ref sums, ((f + 2) << 9) + (Unsafe.Add(ref line, f + 2) << 1)));
                ref var c3 = ref Unsafe.As<double, Vector128<double>>(ref Unsafe.Add(ref sums, ((f + 3) << 9) + (Unsafe.Add(ref line, f + 3) << 1)));
                c0 += pair;
                c1 += pair;
                c2 += pair;
                c3 += pair;
            }

            for (; f < width; f++)
            {
                ref var cell = ref Unsafe.As<double, Vector128<double>>(ref Unsafe.Add(ref sums, (f << 9) + (Unsafe.Add(ref line, f) << 1)));
                cell += pair;
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
}
