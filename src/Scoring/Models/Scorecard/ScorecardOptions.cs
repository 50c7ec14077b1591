using System.ComponentModel.DataAnnotations;
using System.Text.Json.Serialization;
using Microcredit.Scoring.Models.Binning;
using Microcredit.Scoring.Models.Selection;

namespace Microcredit.Scoring.Models.Scorecard;

/// <summary>Settings of the scorecard trainer.</summary>
public sealed record ScorecardOptions
{
    public BinningOptions Binning { get; init; } = new();

    public SelectionOptions Selection { get; init; } = new();

    /// <summary>L2 penalty λ on the WoE coefficients (1 = scikit-learn's default C = 1).</summary>
    [Range(0.0, 1e6)]
    public double L2 { get; init; } = 1;

    public PointsScale Scale { get; init; } = new();

    /// <summary>Binnings fixed by hand (<c>--binning FILE</c>): their bins are used as given and only re-counted.</summary>
    [JsonIgnore]
    public IReadOnlyDictionary<string, FeatureBinning> FixedBinnings { get; init; } = new Dictionary<string, FeatureBinning>(StringComparer.Ordinal);
}
