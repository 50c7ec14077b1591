using Microcredit.Scoring.Models.Artifacts;
using Microcredit.Scoring.Models.Binning;
using Microcredit.Scoring.Models.Calibration;
using Microcredit.Scoring.Models.Data;
using Microcredit.Scoring.Models.Metrics;
using Microcredit.Scoring.Models.Scorecard;
using Microcredit.Scoring.Models.Training;

namespace Microcredit.Tests;

/// <summary>
/// Building blocks of scorecards written by hand for tests: bins, features, and the artifact around a
/// model (default points scale, Platt calibration A = 1, B = 0, one count per bin as the training
/// distribution), so scores, pds and reasons can be checked against arithmetic.
/// </summary>
internal static class HandScorecards
{
    public static ModelArtifact Artifact(IReadOnlyList<ScorecardFeature> features, int basePoints, string target)
    {
        var model = new ScorecardModel { Intercept = 0, BasePoints = basePoints, L2 = 1, Iterations = 1, Features = [.. features] };
        var metrics = new BinaryMetrics(0, 0, 0.5, 0, 0, 0, 0);
        return new ModelArtifact
        {
            EngineVersion = EngineInfo.Version,
            Family = ModelArtifact.ScorecardFamily,
            Target = target,
            Seed = 1,
            Schema = ModelTrainer.SchemaOf(model),
            Scale = new PointsScale(),
            Calibration = new CalibrationMap { Method = CalibrationMethod.Platt, A = 1, B = 0 },
            Scorecard = model,
            Validation = new ValidationReport("folds", "fold", 0.5, 0, [], metrics, []),
            Training = new TrainingDistribution([500], [1, 1], [.. features.Select(f => new FeatureDistribution(f.Feature, [.. f.Binning.Bins.Select(b => b.Count)]))]),
            Data = new DataSummary("hand.csv", "", 0, 0, 0, []),
            Selection = [],
            Options = new TrainingOptions { Target = target },
        };
    }

    public static ScorecardFeature Feature(string name, ColumnKind kind, List<Bin> bins, int[] points) => new()
    {
        Feature = name,
        Coefficient = -1,
        Points = points,
        Binning = new FeatureBinning { Feature = name, Kind = kind, Trend = "manual", Bins = bins },
    };

    public static Bin Range(double? lower, double? upper) => new() { Kind = BinKind.Range, Lower = lower, Upper = upper, Count = 1 };

    public static Bin Values(bool other, params string[] values) => new() { Kind = BinKind.Values, Values = values, Other = other, Count = 1 };

    public static Bin Missing() => new() { Kind = BinKind.Missing, Count = 1 };
}
