namespace Microcredit.Scoring.Models.Trees;

/// <summary>
/// Exact TreeSHAP (Lundberg, Erion &amp; Lee 2018, Algorithm 2; the path-dependent variant of the
/// shap package): Shapley values of the margin where a feature outside the coalition is averaged
/// over both children weighted by training cover. Contributions sum to margin − <see cref="ExpectedValue"/>.
/// </summary>
public sealed class TreeShap
{
    private readonly TreeEnsemble ensemble;
    private readonly int pathLength;

    [ThreadStatic]
    private static PathElement[]? pathBuffer;

    public TreeShap(TreeEnsemble ensemble, int features)
    {
        this.ensemble = ensemble;
        Features = features;
        var depth = ensemble.Trees.Count == 0 ? 0 : ensemble.Trees.Max(t => t.Depth());
        pathLength = (depth + 2) * (depth + 3) / 2;
        ExpectedValue = ensemble.BaseMargin + ensemble.Trees.Sum(Expected);
    }

    public int Features { get; }

    /// <summary>The cover-weighted mean margin: the margin of the empty coalition.</summary>
    public double ExpectedValue { get; }

    /// <summary>Writes each feature's contribution (log-odds of bad) for <paramref name="row"/> into <paramref name="phi"/>.</summary>
    public void Contributions(ReadOnlySpan<double> row, Span<double> phi)
    {
        phi[..Features].Clear();
        var path = pathBuffer is { } buffer && buffer.Length >= pathLength ? buffer : pathBuffer = new PathElement[pathLength];
        // An indexed loop: foreach over the IReadOnlyList would box its enumerator (an allocation per row).
        var trees = ensemble.Trees;
        for (var t = 0; t < trees.Count; t++)
        {
            var tree = trees[t];
            if (tree.Feature[0] >= 0)
            {
                Recurse(tree, row, phi, path, 0, 0, 0, 1, 1, -1);
            }
        }
    }

    private static double Expected(RegressionTree tree)
    {
        double Walk(int n) => tree.Feature[n] < 0 ? tree.Value[n]
            : ((tree.Cover[tree.Left[n]] * Walk(tree.Left[n])) + (tree.Cover[tree.Right[n]] * Walk(tree.Right[n]))) / tree.Cover[n];
        return Walk(0);
    }

    private void Recurse(RegressionTree tree, ReadOnlySpan<double> row, Span<double> phi, PathElement[] buffer, int parentOffset, int node, int depth, double zeroFraction, double oneFraction, int featureIndex)
    {
        // This node's path is a copy of the parent's, placed after it in the buffer.
        var offset = parentOffset + depth + 1;
        Array.Copy(buffer, parentOffset, buffer, offset, depth + 1);
        var path = buffer.AsSpan(offset, depth + 1);
        Extend(path, depth, zeroFraction, oneFraction, featureIndex);
        var split = tree.Feature[node];
        if (split < 0)
        {
            for (var i = 1; i <= depth; i++)
            {
                var w = UnwoundSum(path, depth, i);
                phi[path[i].Feature] += w * (path[i].One - path[i].Zero) * tree.Value[node];
            }

            return;
        }

        var goesLeft = tree.GoesLeft(node, row[split], ensemble.Float32Splits);
        var hot = goesLeft ? tree.Left[node] : tree.Right[node];
        var cold = goesLeft ? tree.Right[node] : tree.Left[node];
        var cover = tree.Cover[node];
        var hotZero = cover > 0 ? tree.Cover[hot] / cover : 0;
        var coldZero = cover > 0 ? tree.Cover[cold] / cover : 0;
        double incomingZero = 1, incomingOne = 1;

        // A feature met again on the path: undo its earlier extension and carry its fractions on.
        var index = 0;
        while (index <= depth && path[index].Feature != split)
        {
            index++;
        }

        if (index <= depth)
        {
            incomingZero = path[index].Zero;
            incomingOne = path[index].One;
            Unwind(path, depth, index);
            depth--;
        }

        Recurse(tree, row, phi, buffer, offset, hot, depth + 1, hotZero * incomingZero, incomingOne, split);
        Recurse(tree, row, phi, buffer, offset, cold, depth + 1, coldZero * incomingZero, 0, split);
    }

    private static void Extend(Span<PathElement> path, int depth, double zero, double one, int feature)
    {
        path[depth] = new PathElement(feature, zero, one, depth == 0 ? 1 : 0);
        for (var i = depth - 1; i >= 0; i--)
        {
            path[i + 1].Weight += one * path[i].Weight * (i + 1) / (depth + 1);
            path[i].Weight = zero * path[i].Weight * (depth - i) / (depth + 1);
        }
    }

    private static void Unwind(Span<PathElement> path, int depth, int index)
    {
        var one = path[index].One;
        var zero = path[index].Zero;
        var next = path[depth].Weight;
        for (var i = depth - 1; i >= 0; i--)
        {
            if (one != 0)
            {
                var tmp = path[i].Weight;
                path[i].Weight = next * (depth + 1) / ((i + 1) * one);
                next = tmp - (path[i].Weight * zero * (depth - i) / (depth + 1));
            }
            else
            {
                path[i].Weight = path[i].Weight * (depth + 1) / (zero * (depth - i));
            }
        }

        for (var i = index; i < depth; i++)
        {
            path[i].Feature = path[i + 1].Feature;
            path[i].Zero = path[i + 1].Zero;
            path[i].One = path[i + 1].One;
        }
    }

    private static double UnwoundSum(Span<PathElement> path, int depth, int index)
    {
        var one = path[index].One;
        var zero = path[index].Zero;
        var next = path[depth].Weight;
        double total = 0;
        for (var i = depth - 1; i >= 0; i--)
        {
            if (one != 0)
            {
                var tmp = next * (depth + 1) / ((i + 1) * one);
                total += tmp;
                next = path[i].Weight - (tmp * zero * (depth - i) / (depth + 1));
            }
            else
            {
                total += path[i].Weight / zero / ((double)(depth - i) / (depth + 1));
            }
        }

        return total;
    }

    private struct PathElement(int feature, double zero, double one, double weight)
    {
        public int Feature = feature;
        public double Zero = zero;
        public double One = one;
        public double Weight = weight;
    }
}
