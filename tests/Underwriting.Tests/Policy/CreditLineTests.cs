using Microcredit.Scoring.Money;
using Microcredit.Underwriting.Policy;

namespace Microcredit.Underwriting.Tests.Policy;

/// <summary>line = floor_100(net_gmv_180d / 6 × multiple × (1 − pd)), at most 30,000; limit = floor_100(min(line, 25,000) − outstanding).</summary>
public class CreditLineTests
{
    private static readonly CreditPolicy Policy = TestPolicy.Create();

    private static Assessment Assess(decimal netGmv180d, double score, double pd, decimal outstanding = 0m) =>
        Policy.Assess(TestPolicy.Merchant(TestPolicy.Row(netGmv180d), outstanding), TestPolicy.Model(score, pd), TestPolicy.Now);

    [Fact]
    public void Assess_GradeA_SizesTheLineFromMonthlyNetGmvMultipleAndPd()
    {
        // 30,000 / 6 = 5,000 a month; × 2 × 0.95 = 9,500.
        var assessment = Assess(30_000m, 620, 0.05);

        Assert.Equal(PolicyAction.Approve, assessment.Action);
        Assert.Equal(new Money(9_500m), assessment.SizedLine);
        Assert.Equal(new Money(9_500m), assessment.CreditLimit);
        Assert.Equal([TestPolicy.RefundReason], assessment.Reasons);
        Assert.Equal(TestPolicy.Now.AddDays(7), assessment.ValidUntil);
        Assert.Equal("test-1", assessment.PolicyVersion);
    }

    [Fact]
    public void Assess_LineBetweenSteps_RoundsDownToTheStep()
    {
        // 31,000 / 6 × 2 × 0.95 = 9,816.67 → 9,800.
        Assert.Equal(new Money(9_800m), Assess(31_000m, 620, 0.05).CreditLimit);
    }

    [Fact]
    public void Assess_GradeB_UsesItsMultiple()
    {
        // 30,000 / 6 × 1 × (1 − 0.2) = 4,000.
        var assessment = Assess(30_000m, 560, 0.2);

        Assert.Equal("B", assessment.Grade!.Grade);
        Assert.Equal(new Money(4_000m), assessment.CreditLimit);
        Assert.Equal(0.0008m, assessment.DailyRate);
    }

    [Fact]
    public void Assess_HugeSales_CapsTheLineAtMaxLineAndTheLimitAtTheExposureCap()
    {
        // 600,000 / 6 × 2 × 0.95 = 190,000 → max line 30,000 → exposure cap 25,000.
        var assessment = Assess(600_000m, 620, 0.05);

        Assert.Equal(new Money(30_000m), assessment.SizedLine);
        Assert.Equal(new Money(25_000m), assessment.CreditLimit);
    }

    [Fact]
    public void Assess_OutstandingPrincipal_ReducesTheLine()
    {
        // 9,500 − 3,050 = 6,450 → 6,400.
        var assessment = Assess(30_000m, 620, 0.05, outstanding: 3_050m);

        Assert.Equal(new Money(9_500m), assessment.SizedLine);
        Assert.Equal(new Money(6_400m), assessment.CreditLimit);
        Assert.Equal(new Money(21_950m), assessment.OrderRoom);
    }

    [Fact]
    public void Assess_OutstandingNearTheExposureCap_DeclinesExposureCapButKeepsOrderLoansOpen()
    {
        // min(30,000, 25,000) − 24,600 = 400 < the 500 minimum.
        var assessment = Assess(600_000m, 620, 0.05, outstanding: 24_600m);

        Assert.Equal(PolicyAction.Decline, assessment.Action);
        Assert.Equal(Money.Zero, assessment.CreditLimit);
        Assert.Equal(
            new DecisionReason("EXPOSURE_CAP", "Outstanding principal of 24600.00 leaves 400.00 under the limit of 25000.00; the smallest line offered is 500.00.", 0),
            assessment.Reasons[0]);
        Assert.Equal(TestPolicy.RefundReason, assessment.Reasons[1]);
        Assert.True(assessment.OrderLoansOpen);
        Assert.Equal(new Money(400m), assessment.OrderRoom);
        Assert.Equal(0.9m, assessment.OrderAdvanceRate);
    }

    [Fact]
    public void Assess_OutstandingAtTheExposureCap_ClosesOrderLoansToo()
    {
        var assessment = Assess(600_000m, 620, 0.05, outstanding: 25_000m);

        Assert.Equal("EXPOSURE_CAP", assessment.Reasons[0].Code);
        Assert.False(assessment.OrderLoansOpen);
        Assert.Equal(
            new DecisionReason("EXPOSURE_CAP", "Outstanding principal of 25000.00 leaves 0.00 under the limit of 25000.00; the smallest line offered is 500.00.", 0),
            assessment.OrderReasons[0]);
        Assert.Equal(0m, assessment.OrderAdvanceRate);
        Assert.Equal(Money.Zero, assessment.OrderRoom);
    }

    [Fact]
    public void Assess_SmallSales_DeclinesLineBelowMinimumButKeepsOrderLoansOpen()
    {
        // 1,200 / 6 × 2 × 0.95 = 380 → 300 < 500.
        var assessment = Assess(1_200m, 620, 0.05);

        Assert.Equal(PolicyAction.Decline, assessment.Action);
        Assert.Equal(new Money(300m), assessment.SizedLine);
        Assert.Equal(
            new DecisionReason("LINE_BELOW_MINIMUM", "Average monthly net sales of 200.00 support a line of 300.00; the smallest line offered is 500.00.", 0),
            assessment.Reasons[0]);
        Assert.True(assessment.OrderLoansOpen);
        Assert.Equal(0.0005m, assessment.DailyRate);
    }

    [Fact]
    public void Assess_NegativeNetSales_SizesNoLine()
    {
        var assessment = Assess(-500m, 620, 0.05);

        Assert.Equal(Money.Zero, assessment.SizedLine);
        Assert.Equal("LINE_BELOW_MINIMUM", assessment.Reasons[0].Code);
    }

    [Fact]
    public void Assess_ReviewGrade_SizesWithItsMultiple()
    {
        // 30,000 / 6 × 0.5 × 0.9 = 2,250 → 2,200.
        var assessment = Assess(30_000m, 520, 0.1);

        Assert.Equal(PolicyAction.Review, assessment.Action);
        Assert.Equal(new Money(2_200m), assessment.CreditLimit);
        Assert.Equal(0.001m, assessment.DailyRate);
    }

    [Fact]
    public void Assess_DeclineGrade_GivesScoreBelowCutoffThenModelReasons()
    {
        var assessment = Assess(30_000m, 499.5, 0.3);

        Assert.Equal(PolicyAction.Decline, assessment.Action);
        Assert.Equal("D", assessment.Grade!.Grade);
        Assert.Equal(
            [new DecisionReason("SCORE_BELOW_CUTOFF", "The score 499.5 is below 500, the lowest cut-off that lends (grade C).", 0), TestPolicy.RefundReason],
            assessment.Reasons);
        Assert.Equal(assessment.Reasons, assessment.OrderReasons);
        Assert.Equal(Money.Zero, assessment.CreditLimit);
        Assert.Equal(0m, assessment.DailyRate);
    }
}
