using Microcredit.Scoring.Models.Artifacts;
using Microcredit.Scoring.Models.Binning;
using Microcredit.Scoring.Models.Calibration;
using Microcredit.Scoring.Models.Data;
using Microcredit.Scoring.Models.Metrics;
using Microcredit.Scoring.Models.Scorecard;
using Microcredit.Scoring.Models.Training;

namespace Microcredit.Underwriting.Tests.Policy;

/// <summary>
/// A merchant scorecard written by hand, in the units of a training set (money in currency units):
/// base 580; NET_GMV_30D &lt; 1,000 −20, ≥ 1,000 +10, missing 0; REFUND_RATE_90D &lt; 0.05 +5,
/// ≥ 0.05 −15, missing −5; product credit −7, order +3, missing 0. Platt calibration A = 1, B = 0 on the
/// default scale (600 at 50:1, 20 points to double the odds), so pd = 1 / (1 + 50·2^((score − 600)/20)).
/// </summary>
internal static class HandMerchantModel
{
    public static ModelArtifact Create(string productName = "product", params string[] products)
    {
        string[] labels = products.Length > 0 ? products : ["credit", "order"];
        var features = new List<ScorecardFeature>
        {
            Feature("NET_GMV_30D", ColumnKind.Numeric, [Range(null, 1000), Range(1000, null), Missing()], [-20, 10, 0]),
            Feature("REFUND_RATE_90D", ColumnKind.Numeric, [Range(null, 0.05), Range(0.05, null), Missing()], [5, -15, -5]),
            Feature(productName, ColumnKind.Categorical, [.. labels.Select(p => Values(p)), Missing()], [.. labels.Select(p => p == "credit" ? -7 : 3), 0]),
        };
        var model = new ScorecardModel { Intercept = 0, BasePoints = 580, L2 = 1, Iterations = 1, Features = features };
        var metrics = new BinaryMetrics(0, 0, 0.5, 0, 0, 0, 0);
        return new ModelArtifact
        {
            EngineVersion = EngineInfo.Version,
            Family = ModelArtifact.ScorecardFamily,
            Target = "default",
            Seed = 1,
            Schema = ModelTrainer.SchemaOf(model),
            Scale = new PointsScale(),
            Calibration = new CalibrationMap { Method = CalibrationMethod.Platt, A = 1, B = 0 },
            Scorecard = model,
            Validation = new ValidationReport("folds", "fold", 0.5, 0, [], metrics, []),
            Training = new TrainingDistribution([500], [1, 1], [.. features.Select(f => new FeatureDistribution(f.Feature, [.. f.Binning.Bins.Select(b => b.Count)]))]),
            Data = new DataSummary("hand.csv", "", 0, 0, 0, []),
            Selection = [],
            Options = new TrainingOptions { Target = "default" },
        };
    }

    /// <summary>The calibrated pd of a score under this model.</summary>
    public static double Pd(double score) => 1 / (1 + (50 * Math.Pow(2, (score - 600) / 20)));

    private static ScorecardFeature Feature(string name, ColumnKind kind, List<Bin> bins, int[] points) => new()
    {
        Feature = name,
        Coefficient = -1,
        Points = points,
        Binning = new FeatureBinning { Feature = name, Kind = kind, Trend = "manual", Bins = bins },
    };

    private static Bin Range(double? lower, double? upper) => new() { Kind = BinKind.Range, Lower = lower, Upper = upper, Count = 1 };

    private static Bin Values(params string[] values) => new() { Kind = BinKind.Values, Values = values, Count = 1 };

    private static Bin Missing() => new() { Kind = BinKind.Missing, Count = 1 };
}
