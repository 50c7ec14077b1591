namespace Microcredit.Scoring.Models.Trees;

/// <summary>
/// One tree as parallel arrays over its nodes (node 0 is the root). An internal node sends a row
/// left when its value of <see cref="Feature"/> is below <see cref="Threshold"/>, a missing value
/// to the <see cref="DefaultLeft"/> side; a leaf (<see cref="Feature"/> −1) adds
/// <see cref="Value"/> to the margin (log-odds of bad). <see cref="Cover"/> is the training
/// hessian sum under each node, the weights TreeSHAP averages with.
/// </summary>
public sealed record RegressionTree
{
    public required int[] Feature { get; init; }

    public required double[] Threshold { get; init; }

    public required int[] Left { get; init; }

    public required int[] Right { get; init; }

    public required bool[] DefaultLeft { get; init; }

    public required double[] Value { get; init; }

    public required double[] Cover { get; init; }

    public int NodeCount => Feature.Length;

    /// <summary>The depth of the deepest leaf (a lone leaf has depth 0).</summary>
    public int Depth()
    {
        var depth = new int[NodeCount];
        var max = 0;
        for (var n = 0; n < NodeCount; n++)
        {
            if (Feature[n] >= 0)
            {
                depth[Left[n]] = depth[n] + 1;
                depth[Right[n]] = depth[n] + 1;
                max = Math.Max(max, depth[n] + 1);
            }
        }

        return max;
    }

    /// <summary>The leaf a row reaches (a reference walk; <see cref="TreeScorer"/> holds the fast one).</summary>
    public int LeafOf(ReadOnlySpan<double> row, bool singlePrecision)
    {
        var n = 0;
        while (Feature[n] >= 0)
        {
            n = GoesLeft(n, row[Feature[n]], singlePrecision) ? Left[n] : Right[n];
        }

        return n;
    }

    /// <summary>Whether node <paramref name="n"/> sends value <paramref name="x"/> left.</summary>
    public bool GoesLeft(int n, double x, bool singlePrecision) =>
        double.IsNaN(x) ? DefaultLeft[n] : singlePrecision ? (float)x < (float)Threshold[n] : x < Threshold[n];
}
