namespace Microcredit.Scoring.Models.Artifacts;

/// <summary>
/// The training sample's distributions, the "expected" side of PSI monitoring: the final model's
/// score histogram over <see cref="ScoreEdges"/> (bin k holds edge[k−1] ≤ score &lt; edge[k]) and
/// each feature's row count per bin.
/// </summary>
public sealed record TrainingDistribution(
    IReadOnlyList<double> ScoreEdges,
    IReadOnlyList<int> ScoreCounts,
    IReadOnlyList<FeatureDistribution> Features);

/// <summary>Training rows per bin of one feature, in the order of its binning.</summary>
public sealed record FeatureDistribution(string Feature, IReadOnlyList<int> BinCounts);
