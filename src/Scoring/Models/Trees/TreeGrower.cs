using System.Buffers;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

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
            var rootHist = Histogram(rows, 0, rows.Length, grad, hess);
            double g = 0, h = 0;
            for (var i = 0; i < rows.Length; i++)
            {
                g += grad[rows[i]];
                h += hess[rows[i]];
            }

            var root = tree.Add(g, h, objective.Weight(g, h, double.NegativeInfinity, double.PositiveInfinity) * options.LearningRate, double.NegativeInfinity, double.PositiveInfinity, 0, 0, rows.Length);
            var open = new List<(int Node, double[] Hist, SplitCandidate Split)> { (root, rootHist, BestSplit(tree, root, rootHist, allowed)) };
            var leaves = 1;
            while (open.Count > 0 && (options.MaxLeaves == 0 || leaves < options.MaxLeaves))
            {
                // Depth-wise: first opened first split (breadth first); leaf-wise: the largest gain (first on ties).
                var pick = 0;
                if (options.MaxLeaves > 0)
                {
                    for (var k = 1; k < open.Count; k++)
                    {
                        if (open[k].Split.Gain > open[pick].Split.Gain)
                        {
                            pick = k;
                        }
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
                var smallHist = Histogram(rows, tree.Begin[small], tree.End[small], grad, hess);
                for (var k = 0; k < histLength; k++)
                {
                    hist[k] -= smallHist[k];
                }

                open.Add((left, left == small ? smallHist : hist, BestSplit(tree, left, left == small ? smallHist : hist, allowed)));
                open.Add((right, right == small ? smallHist : hist, BestSplit(tree, right, right == small ? smallHist : hist, allowed)));
            }

            foreach (var (_, hist, _) in open)
            {
                free.Push(hist);
            }
        }
        finally
        {
            ArrayPool<int>.Shared.Return(scratch);
        }

        return tree;
    }

    private (int Left, int Right) Split(GrownTree tree, int node, SplitCandidate split, int[] rows, int[] scratch)
    {
        // Stable partition: rows stay ascending on both sides, which keeps later histogram passes in memory order.
        int begin = tree.Begin[node], end = tree.End[node];
        var codes = data.Codes;
        var f = split.Feature;
        var nl = begin;
        var nr = 0;
        for (var i = begin; i < end; i++)
        {
            var r = rows[i];
            var code = codes[((long)r * features) + f];
            var goLeft = code == BinnedMatrix.MissingBin ? split.DefaultLeft : code <= split.Bin;
            if (goLeft)
            {
                rows[nl++] = r;
            }
            else
            {
                scratch[nr++] = r;
            }
        }

        Array.Copy(scratch, 0, rows, nl, nr);
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

    private double[] Histogram(int[] rows, int begin, int end, double[] grad, double[] hess)
    {
        var hist = free.Count > 0 ? free.Pop() : new double[histLength];
        Array.Clear(hist, 0, histLength);
        var count = end - begin;
        var chunks = (count + ChunkRows - 1) / ChunkRows;
        if (chunks <= 1)
        {
            Accumulate(hist, rows, begin, end, grad, hess);
            return hist;
        }

        if (partials.Length < chunks)
        {
            partials = [.. partials, .. Enumerable.Range(0, chunks - partials.Length).Select(_ => new double[histLength])];
        }

        var buffers = partials;
        Parallel.For(0, chunks, parallel, c =>
        {
            var partial = buffers[c];
            Array.Clear(partial, 0, histLength);
            Accumulate(partial, rows, begin + (c * ChunkRows), Math.Min(end, begin + ((c + 1) * ChunkRows)), grad, hess);
        });

        // Fixed order of addition (chunk 0, 1, …), split by feature across threads.
        Parallel.For(0, features, parallel, f =>
        {
            var from = f * Stride;
            for (var c = 0; c < chunks; c++)
            {
                var partial = buffers[c];
                for (var k = from; k < from + Stride; k++)
                {
                    hist[k] += partial[k];
                }
            }
        });
        return hist;
    }

    private void Accumulate(double[] hist, int[] rows, int begin, int end, double[] grad, double[] hess)
    {
        // The hot loop of training: unchecked reads and writes. Row indices come from the row
        // buffer (all below data.Rows), codes are bytes and a histogram holds 256 bins per feature.
        var width = features;
        ref var codes = ref MemoryMarshal.GetArrayDataReference(data.Codes);
        ref var sums = ref MemoryMarshal.GetArrayDataReference(hist);
        for (var i = begin; i < end; i++)
        {
            var r = rows[i];
            var g = grad[r];
            var h = hess[r];
            ref var line = ref Unsafe.Add(ref codes, (nint)r * width);
            for (var f = 0; f < width; f++)
            {
                ref var cell = ref Unsafe.Add(ref sums, (f << 9) + (Unsafe.Add(ref line, f) << 1));
                cell += g;
                Unsafe.Add(ref cell, 1) += h;
            }
        }
    }

    private SplitCandidate BestSplit(GrownTree tree, int node, double[] hist, bool[] allowed)
    {
        if (tree.DepthOf[node] >= options.MaxDepth)
        {
            return SplitCandidate.None;
        }

        var best = new SplitCandidate[features];
        Parallel.For(0, features, parallel, f => best[f] = allowed[f] ? BestSplitOf(tree, node, hist, f) : SplitCandidate.None);
        var pick = SplitCandidate.None;
        foreach (var candidate in best)
        {
            if (candidate.IsValid && (!pick.IsValid || candidate.Gain > pick.Gain))
            {
                pick = candidate;
            }
        }

        return pick;
    }

    private SplitCandidate BestSplitOf(GrownTree tree, int node, double[] hist, int f)
    {
        double g = tree.G[node], h = tree.H[node], lo = tree.Lower[node], hi = tree.Upper[node];
        var parentGain = objective.Gain(g, h, objective.Weight(g, h, lo, hi));
        var baseAt = f * Stride;
        var gm = hist[baseAt + (BinnedMatrix.MissingBin * 2)];
        var hm = hist[baseAt + (BinnedMatrix.MissingBin * 2) + 1];
        var valueBins = data.Cuts[f].Length + 1;
        var minChild = options.MinChildWeight;
        var constraint = monotone[f];
        var best = SplitCandidate.None;
        double gl = 0, hl = 0;
        for (var b = 0; b < valueBins - 1; b++)
        {
            gl += hist[baseAt + (b * 2)];
            hl += hist[baseAt + (b * 2) + 1];

            // Missing right first, then missing left; the left default wins only when strictly better.
            for (var side = 0; side < 2; side++)
            {
                var lg = side == 0 ? gl : gl + gm;
                var lh = side == 0 ? hl : hl + hm;
                var rg = g - lg;
                var rh = h - lh;
                if (lh < minChild || rh < minChild || (side == 1 && hm <= 0))
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
