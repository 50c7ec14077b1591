using Microcredit.Scoring.Features;
using Microcredit.Underwriting.Policy;

namespace Microcredit.Underwriting.Tests.Policy;

public class MerchantScorerTests
{
    private static FeatureRow Row(decimal netGmv30d, double refundRate) => TestPolicy.Row(edit: values =>
    {
        values[(int)FeatureId.NetGmv30d] = (double)(netGmv30d * 100);
        values[(int)FeatureId.RefundRate90d] = refundRate;
    });

    [Fact]
    public void Score_ReadsMoneyInCurrencyUnitsAndFixesProductToCredit()
    {
        // 900.00 is below 1,000 (as 90,000 cents it would not be): 580 − 20 − 15 − 7 = 538.
        var result = new MerchantScorer(HandMerchantModel.Create(), "m-hand").Score(Row(900m, 0.10));

        Assert.Equal(538, result.Score);
        Assert.Equal(HandMerchantModel.Pd(538), result.Pd, 12);
        Assert.Equal("m-hand", result.ModelId);
    }

    [Fact]
    public void Score_GivesCatalogReasonsLargestFirstAndLeavesProductOut()
    {
        // Costs against each feature's best bin: NET_GMV_30D 30, REFUND_RATE_90D 20, product 10 (not a reason).
        var result = new MerchantScorer(HandMerchantModel.Create(), "m-hand").Score(Row(900m, 0.10));

        Assert.Equal(
            [
                new DecisionReason("NET_GMV_30D", FeatureCatalog.Get(FeatureId.NetGmv30d).Description, 30),
                new DecisionReason("REFUND_RATE_90D", "Share of recent orders that were refunded.", 20),
            ],
            result.Reasons);
    }

    [Fact]
    public void Score_MissingValue_ReadsAsMissing()
    {
        // REFUND_RATE_90D missing: −5. 580 + 10 − 5 − 7 = 578.
        var result = new MerchantScorer(HandMerchantModel.Create(), "m-hand").Score(Row(1500m, double.NaN));

        Assert.Equal(578, result.Score);
        Assert.Equal(["REFUND_RATE_90D"], result.Reasons.Select(r => r.Code));
        Assert.Equal(10, result.Reasons[0].Impact);
    }

    [Fact]
    public void Score_OrderProduct_UsesTheOrderLabel()
    {
        var result = new MerchantScorer(HandMerchantModel.Create(), "m-hand", "order").Score(Row(900m, 0.10));

        Assert.Equal(548, result.Score);
    }

    [Fact]
    public void ScoreBatch_EqualsScoringRowByRow()
    {
        var scorer = new MerchantScorer(HandMerchantModel.Create(), "m-hand");
        FeatureRow[] rows = [Row(900m, 0.10), Row(1500m, 0.01), Row(1000m, double.NaN)];

        var batch = scorer.ScoreBatch(rows);

        Assert.Equal([538d, 588d, 578d], batch.Select(r => r.Score));
        for (var i = 0; i < rows.Length; i++)
        {
            var single = scorer.Score(rows[i]);
            Assert.Equal(single.Score, batch[i].Score);
            Assert.Equal(single.Pd, batch[i].Pd);
            Assert.Equal(single.Reasons, batch[i].Reasons);
        }
    }

    [Fact]
    public void Create_ModelReadingAnInputTheCatalogLacks_IsRefused()
    {
        var error = Assert.Throws<ArgumentException>(() => new MerchantScorer(HandMerchantModel.Create("channel"), "m-x"));

        Assert.StartsWith("Model m-x reads 'channel', which is neither a catalog feature nor 'product'; a merchant decision cannot supply it.", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Create_ProductWithoutTheCreditLabel_IsRefused()
    {
        var error = Assert.Throws<ArgumentException>(() => new MerchantScorer(HandMerchantModel.Create("product", "order"), "m-x"));

        Assert.StartsWith("Model m-x reads 'product' without the label 'credit'; it cannot score credit decisions.", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Score_ThroughAssess_GradesAndSizesFromTheModel()
    {
        // 580 + 10 + 5 − 7 = 588: grade B (≥ 550), ×1. 30,000 / 6 × (1 − pd(588) ≈ 0.0294) = 4,852.9 → 4,800.
        var facts = TestPolicy.Merchant(Row(1500m, 0.01));
        var model = new MerchantScorer(HandMerchantModel.Create(), "m-hand").Score(facts.Features!);

        var assessment = TestPolicy.Create().Assess(facts, model, TestPolicy.Now);

        Assert.Equal("B", assessment.Grade!.Grade);
        Assert.Equal(new Scoring.Money.Money(4_800m), assessment.CreditLimit);
        Assert.Empty(assessment.Reasons);
    }
}
