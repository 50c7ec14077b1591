using System.Text.Json.Serialization;
using Microcredit.Scoring.Models.Calibration;
using Microcredit.Scoring.Models.Scorecard;
using Microcredit.Scoring.Models.Scoring;
using Microcredit.Scoring.Models.Selection;
using Microcredit.Scoring.Models.Training;
using Microcredit.Scoring.Models.Trees;

namespace Microcredit.Scoring.Models.Artifacts;

/// <summary>
/// A trained model as saved: format and engine version, the family and its parameters (one
/// family section is set: <see cref="Scorecard"/> or <see cref="Trees"/>), the feature schema,
/// points scale and calibration every family shares, and what monitoring and audit need. Nothing
/// in it depends on the host or the clock, so equal inputs give equal bytes.
/// </summary>
public sealed record ModelArtifact
{
    public const string FormatName = "microcredit-model";

    /// <summary>The only format version this engine reads and writes.</summary>
    public const int CurrentFormatVersion = 1;

    public const string ScorecardFamily = "scorecard";

    /// <summary>Gradient-boosted trees, trained here or imported from XGBoost.</summary>
    public const string GbdtFamily = "gbdt";

    public string Format { get; init; } = FormatName;

    public int FormatVersion { get; init; } = CurrentFormatVersion;

    /// <summary>The version of the engine that trained it (<see cref="EngineInfo.Version"/>).</summary>
    public required string EngineVersion { get; init; }

    public required string Family { get; init; }

    public required string Target { get; init; }

    public required int Seed { get; init; }

    public required FeatureSchema Schema { get; init; }

    public required PointsScale Scale { get; init; }

    public required CalibrationMap Calibration { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public ScorecardModel? Scorecard { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public TreeEnsemble? Trees { get; init; }

    public required ValidationReport Validation { get; init; }

    public required TrainingDistribution Training { get; init; }

    public required DataSummary Data { get; init; }

    public required IReadOnlyList<FeatureDecision> Selection { get; init; }

    public required TrainingOptions Options { get; init; }

    public IReadOnlyList<string> Warnings { get; init; } = [];

    /// <summary>The model search that chose this model (<c>credit train</c> without <c>--trainer</c>); null for a single fit.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<SearchTrial>? Search { get; init; }

    /// <summary>The compiled scorer of this model's family.</summary>
    public ModelScorer CreateScorer() => Family switch
    {
        ScorecardFamily => new ScorecardScorer(Scorecard ?? throw new InvalidOperationException("A scorecard artifact without its scorecard."), Schema, Scale, Calibration),
        GbdtFamily => new TreeScorer(Trees ?? throw new InvalidOperationException("A gbdt artifact without its trees."), Schema, Scale, Calibration),
        _ => throw new InvalidOperationException($"Unknown model family '{Family}'."),
    };
}
