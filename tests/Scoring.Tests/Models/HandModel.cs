using Microcredit.Scoring.Models.Artifacts;
using Microcredit.Scoring.Models.Binning;
using Microcredit.Scoring.Models.Calibration;
using Microcredit.Scoring.Models.Data;
using Microcredit.Scoring.Models.Metrics;
using Microcredit.Scoring.Models.Scorecard;
using Microcredit.Scoring.Models.Training;

namespace Microcredit.Scoring.Tests.Models;

/// <summary>
/// A scorecard written by hand, so scores, reasons and SQL can be checked against arithmetic:
/// base 500; age &lt;30 −10, 30–50 +5, ≥50 +15, = −1 −20, missing 0; region north +10,
/// {south, west, other} −5, missing −8; f3 ±3, f4 ±4, f5 ±10 (below 0 / from 0).
/// </summary>
internal static class HandModel
{
    public static ModelArtifact Create()
    {
        var features = new List<ScorecardFeature>
        {
            Feature("age", ColumnKind.Numeric, [Range(null, 30), Range(30, 50), Range(50, null), new Bin { Kind = BinKind.Special, Value = -1, Count = 1 }, Missing()], [-10, 5, 15, -20, 0]),
            Feature("region", ColumnKind.Categorical, [Values(false, "north"), Values(true, "south", "west"), Missing()], [10, -5, -8]),
            Split("f3", 3),
            Split("f4", 4),
            Split("f5", 10),
        };
        var model = new ScorecardModel { Intercept = 0, BasePoints = 500, L2 = 1, Iterations = 1, Features = features };
        var metrics = new BinaryMetrics(0, 0, 0.5, 0, 0, 0, 0);
        return new ModelArtifact
        {
            EngineVersion = EngineInfo.Version,
            Family = ModelArtifact.ScorecardFamily,
            Target = "bad",
            Seed = 1,
            Schema = ModelTrainer.SchemaOf(model),
            Scale = new PointsScale(),
            Calibration = new CalibrationMap { Method = CalibrationMethod.Platt, A = 1, B = 0 },
            Scorecard = model,
            Validation = new ValidationReport("folds", "fold", 0.5, 0, [], metrics, []),
            Training = new TrainingDistribution([500], [1, 1], [.. features.Select(f => new FeatureDistribution(f.Feature, [.. f.Binning.Bins.Select(b => b.Count)]))]),
            Data = new DataSummary("hand.csv", "", 0, 0, 0, []),
            Selection = [],
            Options = new TrainingOptions { Target = "bad" },
        };
    }

    private static ScorecardFeature Split(string name, int points) =>
        Feature(name, ColumnKind.Numeric, [Range(null, 0), Range(0, null), Missing()], [-points, points, 0]);

    private static ScorecardFeature Feature(string name, ColumnKind kind, List<Bin> bins, int[] points) => new()
    {
        Feature = name,
        Coefficient = -1,
        Points = points,
        Binning = new FeatureBinning { Feature = name, Kind = kind, Trend = "manual", Bins = bins },
    };

    private static Bin Range(double? lower, double? upper) => new() { Kind = BinKind.Range, Lower = lower, Upper = upper, Count = 1 };

    private static Bin Values(bool other, params string[] values) => new() { Kind = BinKind.Values, Values = values, Other = other, Count = 1 };

    private static Bin Missing() => new() { Kind = BinKind.Missing, Count = 1 };
}
