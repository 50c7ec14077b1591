using Microcredit.Scoring.Models.Artifacts;
using Microcredit.Scoring.Models.Binning;
using Microcredit.Scoring.Models.Calibration;
using Microcredit.Scoring.Models.Data;
using Microcredit.Scoring.Models.Metrics;
using Microcredit.Scoring.Models.Scorecard;
using Microcredit.Scoring.Models.Training;
using Microcredit.Tests;
using static Microcredit.Tests.HandScorecards;

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
            Feature(productName, ColumnKind.Categorical, [.. labels.Select(p => Values(false, p)), Missing()], [.. labels.Select(p => p == "credit" ? -7 : 3), 0]),
        };
        return HandScorecards.Artifact(features, 580, "default");
    }

    /// <summary>The calibrated pd of a score under this model.</summary>
    public static double Pd(double score) => 1 / (1 + (50 * Math.Pow(2, (score - 600) / 20)));
}
