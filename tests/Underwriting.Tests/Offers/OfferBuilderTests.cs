using Microcredit.Scoring.Features;
using Microcredit.Scoring.Money;
using Microcredit.Underwriting.Offers;
using Microcredit.Underwriting.Policy;
using Microcredit.Underwriting.Tests.Policy;

namespace Microcredit.Underwriting.Tests.Offers;

public class OfferBuilderTests
{
    private static FeatureRow Row(decimal netGmv30d, double refundRate) => TestPolicy.Row(edit: values =>
    {
        values[(int)FeatureId.NetGmv30d] = (double)(netGmv30d * 100);
        values[(int)FeatureId.RefundRate90d] = refundRate;
    });

    [Fact]
    public void Build_GivesEveryMerchantAnOfferInOrder()
    {
        var policy = TestPolicy.Create();
        var scorer = new MerchantScorer(HandMerchantModel.Create(), "model-7");
        MerchantFacts[] merchants =
        [
            TestPolicy.Merchant(Row(1500m, 0.01)) with { MerchantId = "m1" },
            TestPolicy.Merchant() with { MerchantId = "m2", Features = null },
            TestPolicy.Merchant(Row(900m, 0.10)) with { MerchantId = "m3" },
            TestPolicy.Merchant(Row(1500m, 0.01)) with { MerchantId = "m4", SnapshotAsOf = new DateOnly(2026, 10, 20) },
        ];

        var offers = OfferBuilder.Build(policy, scorer, merchants, TestPolicy.Now);

        Assert.Equal(["m1", "m2", "m3", "m4"], offers.Select(o => o.MerchantId));

        // m1: 588, grade B, line 4,800 (MerchantScorerTests).
        var m1 = offers[0];
        Assert.Equal(588, m1.Score);
        Assert.Equal(HandMerchantModel.Pd(588), m1.Pd!.Value, 12);
        Assert.Equal("B", m1.RiskGrade);
        Assert.Equal(PolicyAction.Approve, m1.Action);
        Assert.Equal(new Money(4_800m), m1.CreditLimit);
        Assert.Equal(0.0008m, m1.DailyRate);
        Assert.Equal(0.8m, m1.OrderAdvanceRate);
        Assert.Equal(TestPolicy.SnapshotDate, m1.AsOf);
        Assert.Equal("model-7", m1.ModelId);
        Assert.Equal("test-1", m1.PolicyVersion);
        Assert.Equal(TestPolicy.Now, m1.ComputedAt);
        Assert.Equal(TestPolicy.Now.AddDays(7), m1.ValidUntil);
        Assert.Null(m1.FrozenAt);

        // m2: no row, declined without a score but still under the model that ran.
        var m2 = offers[1];
        Assert.Null(m2.Score);
        Assert.Null(m2.RiskGrade);
        Assert.Null(m2.AsOf);
        Assert.Equal("model-7", m2.ModelId);
        Assert.Equal(PolicyAction.Decline, m2.Action);
        Assert.Equal(["NO_RECENT_DATA"], m2.Reasons.Select(r => r.Code));

        // m3: 538, grade C review: 30,000 / 6 × 0.5 × (1 − pd(538) ≈ 0.146) = 2,134 → 2,100.
        var m3 = offers[2];
        Assert.Equal("C", m3.RiskGrade);
        Assert.Equal(PolicyAction.Review, m3.Action);
        Assert.Equal(new Money(2_100m), m3.CreditLimit);
        Assert.Equal(["NET_GMV_30D", "REFUND_RATE_90D"], m3.Reasons.Select(r => r.Code));

        // m4: snapshot 13 days old.
        Assert.Equal(["NO_RECENT_DATA"], offers[3].Reasons.Select(r => r.Code));
        Assert.Null(offers[3].Score);
    }

    [Fact]
    public void Build_SameInputs_SameOffers()
    {
        var policy = TestPolicy.Create();
        var scorer = new MerchantScorer(HandMerchantModel.Create(), "model-7");
        MerchantFacts[] merchants = [TestPolicy.Merchant(Row(900m, 0.10)), TestPolicy.Merchant(Row(1500m, 0.01)) with { MerchantId = "m2" }];

        var first = OfferBuilder.Build(policy, scorer, merchants, TestPolicy.Now);
        var second = OfferBuilder.Build(policy, scorer, merchants, TestPolicy.Now);

        Assert.Equal(first.Select(o => o with { Reasons = [] }), second.Select(o => o with { Reasons = [] }));
        Assert.Equal(first.SelectMany(o => o.Reasons), second.SelectMany(o => o.Reasons));
    }
}
