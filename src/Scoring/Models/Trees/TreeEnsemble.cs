namespace Microcredit.Scoring.Models.Trees;

/// <summary>
/// A boosted-trees model: margin (log-odds of bad) = <see cref="BaseMargin"/> + the leaf values
/// the row reaches in every tree. Feature indices refer to the artifact's schema.
/// </summary>
public sealed record TreeEnsemble
{
    /// <summary>Where the trees came from: <c>microcredit</c> (trained here) or <c>xgboost</c> (imported).</summary>
    public string Source { get; init; } = "microcredit";

    /// <summary>
    /// Compare values and thresholds as 32-bit floats, as XGBoost does (imported models); trees
    /// trained here compare doubles.
    /// </summary>
    public bool Float32Splits { get; init; }

    public required double BaseMargin { get; init; }

    /// <summary>The options the trees were grown with (null for imported models).</summary>
    public GbdtOptions? Options { get; init; }

    /// <summary>With early stopping: the validation log loss per round; empty otherwise.</summary>
    public IReadOnlyList<double> EarlyStoppingLoss { get; init; } = [];

    public required IReadOnlyList<RegressionTree> Trees { get; init; }

    /// <summary>The margin of one row by reference walks (slow; see <see cref="TreeScorer"/>).</summary>
    public double Margin(ReadOnlySpan<double> row)
    {
        var margin = BaseMargin;
        foreach (var tree in Trees)
        {
            margin += tree.Value[tree.LeafOf(row, Float32Splits)];
        }

        return margin;
    }
}
