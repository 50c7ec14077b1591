using Microcredit.Scoring.Features;
using Microcredit.Scoring.Money;
using Microcredit.Underwriting.Policy;

namespace Microcredit.Underwriting.Tests.Policy;

/// <summary>
/// A policy with round numbers, so lines and rates can be computed by hand; and merchants for it.
/// Grades: A ≥ 600 approve 0.0005/day ×2 advance 0.9; B ≥ 550 approve 0.0008 ×1 0.8;
/// C ≥ 500 review 0.001 ×0.5 0.5; D decline. Lines: step 100, 500…30,000; exposure cap 25,000.
/// </summary>
internal static class TestPolicy
{
    public const string Json = """
        {
          "version": "test-1",
          "validityDays": 7,
          "hardRules": {
            "requireKycVerified": true,
            "minTenureDays": 90,
            "minActiveDays30d": 1,
            "declineAtDaysPastDue": 30,
            "maxSnapshotAgeDays": 3
          },
          "grades": [
            { "grade": "A", "minScore": 600, "action": "approve", "dailyRate": 0.0005, "lineMultiple": 2, "orderAdvanceRate": 0.9 },
            { "grade": "B", "minScore": 550, "action": "approve", "dailyRate": 0.0008, "lineMultiple": 1, "orderAdvanceRate": 0.8 },
            { "grade": "C", "minScore": 500, "action": "review", "dailyRate": 0.001, "lineMultiple": 0.5, "orderAdvanceRate": 0.5 },
            { "grade": "D", "minScore": 0, "action": "decline", "dailyRate": 0, "lineMultiple": 0, "orderAdvanceRate": 0 }
          ],
          "creditLine": { "lineStep": 100.00, "minLine": 500.00, "maxLine": 30000.00, "termMonths": [3, 6, 12] },
          "exposure": { "maxOutstandingPrincipal": 25000.00 },
          "orderLoans": { "maxShipAgeDays": 30, "termDays": 30, "minSettleProbability": 0.8, "advanceRateStep": 0.0001 }
        }
        """;

    public static readonly DateTimeOffset Now = new(2026, 11, 2, 10, 0, 0, TimeSpan.Zero);

    public static readonly DateOnly SnapshotDate = new(2026, 11, 1);

    public static CreditPolicy Create() => PolicyLoader.Parse(Json, "test-policy.json");

    /// <summary>A feature row: net GMV over 180 days and active days over 30 as given, other features missing.</summary>
    public static FeatureRow Row(decimal netGmv180d = 30_000m, int activeDays30d = 20, Action<double[]>? edit = null)
    {
        var values = Enumerable.Repeat(double.NaN, FeatureCatalog.Count).ToArray();
        values[(int)FeatureId.NetGmv180d] = (double)(netGmv180d * 100);
        values[(int)FeatureId.ActiveDays30d] = activeDays30d;
        edit?.Invoke(values);
        return new FeatureRow(values);
    }

    /// <summary>A merchant that passes every hard rule at <see cref="Now"/>.</summary>
    public static MerchantFacts Merchant(FeatureRow? row = null, decimal outstanding = 0m) => new(
        "m1",
        KycVerified: true,
        RegisteredAt: new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero),
        Blocked: false,
        MaxDaysPastDue: 0,
        OutstandingPrincipal: new Money(outstanding),
        SnapshotAsOf: SnapshotDate,
        Features: row ?? Row());

    public static readonly DecisionReason RefundReason = new("REFUND_RATE_90D", "Share of recent orders that were refunded.", 12);

    public static ModelResult Model(double score, double pd) => new("model-1", score, pd, [RefundReason]);
}
