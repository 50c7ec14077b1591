using Microcredit.Scoring.Models.Binning;

namespace Microcredit.Scoring.Models.Scorecard;

/// <summary>
/// One characteristic of a scorecard: its binning, its regression coefficient on WoE, and the
/// integer points of each bin (same order as <see cref="FeatureBinning.Bins"/>).
/// </summary>
public sealed record ScorecardFeature
{
    public required string Feature { get; init; }

    /// <summary>Coefficient of the feature's WoE in logit P(bad); negative, as WoE is positive for safer bins.</summary>
    public required double Coefficient { get; init; }

    /// <summary>Points per bin: round(factor·coefficient·WoE) with the sign that makes safer bins score more.</summary>
    public required IReadOnlyList<int> Points { get; init; }

    public required FeatureBinning Binning { get; init; }
}
