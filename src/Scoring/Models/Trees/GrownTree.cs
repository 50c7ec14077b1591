namespace Microcredit.Scoring.Models.Trees;

/// <summary>A tree while it grows: per node its sums, bounds, row range and (once split) its split.</summary>
internal sealed class GrownTree
{
    public List<double> G { get; } = [];

    public List<double> H { get; } = [];

    /// <summary>The node's leaf value (shrunk weight).</summary>
    public List<double> Value { get; } = [];

    /// <summary>Monotone bounds on the unshrunk weight.</summary>
    public List<double> Lower { get; } = [];

    public List<double> Upper { get; } = [];

    public List<int> DepthOf { get; } = [];

    public List<int> Begin { get; } = [];

    public List<int> End { get; } = [];

    public List<int> Feature { get; } = [];

    public List<int> Bin { get; } = [];

    public List<double> Threshold { get; } = [];

    public List<bool> DefaultLeft { get; } = [];

    public List<int> Left { get; } = [];

    public List<int> Right { get; } = [];

    public int Add(double g, double h, double value, double lower, double upper, int depth, int begin, int end)
    {
        G.Add(g);
        H.Add(h);
        Value.Add(value);
        Lower.Add(lower);
        Upper.Add(upper);
        DepthOf.Add(depth);
        Begin.Add(begin);
        End.Add(end);
        Feature.Add(-1);
        Bin.Add(0);
        Threshold.Add(0);
        DefaultLeft.Add(false);
        Left.Add(-1);
        Right.Add(-1);
        return G.Count - 1;
    }

    public void SetSplit(int node, int feature, double threshold, int bin, bool defaultLeft, int left, int right)
    {
        Feature[node] = feature;
        Threshold[node] = threshold;
        Bin[node] = bin;
        DefaultLeft[node] = defaultLeft;
        Left[node] = left;
        Right[node] = right;
    }

    /// <summary>The leaf a binned row reaches.</summary>
    public int LeafOf(ReadOnlySpan<byte> codes)
    {
        var n = 0;
        while (Feature[n] >= 0)
        {
            var code = codes[Feature[n]];
            n = (code == BinnedMatrix.MissingBin ? DefaultLeft[n] : code <= Bin[n]) ? Left[n] : Right[n];
        }

        return n;
    }

    public RegressionTree ToTree() => new()
    {
        Feature = [.. Feature],
        Threshold = [.. Threshold],
        Left = [.. Left],
        Right = [.. Right],
        DefaultLeft = [.. DefaultLeft],
        Value = [.. Enumerable.Range(0, Feature.Count).Select(n => Feature[n] >= 0 ? 0 : Value[n])],
        Cover = [.. H],
    };
}
