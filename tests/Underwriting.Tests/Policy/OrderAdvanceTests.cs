using Microcredit.Scoring.Money;
using Microcredit.Underwriting.Policy;

namespace Microcredit.Underwriting.Tests.Policy;

public class OrderAdvanceTests
{
    private static readonly CreditPolicy Policy = TestPolicy.Create();

    private static RiskGrade Grade(string name) => Policy.Grades.Single(g => g.Grade == name);

    [Fact]
    public void OrderAdvanceRate_IsTheGradeRateTimesPSettleRoundedDownTo0_0001()
    {
        // 0.9 × 0.9537 = 0.85833 → 0.8583.
        Assert.Equal(new OrderRate(0.8583m, null), Policy.OrderAdvanceRate(Grade("A"), 0.9537));
    }

    [Fact]
    public void OrderAdvanceRate_AtTheMinimumProbability_IsEligible()
    {
        // 0.8 × 0.8 = 0.64.
        var rate = Policy.OrderAdvanceRate(Grade("B"), 0.8);

        Assert.True(rate.Eligible);
        Assert.Equal(0.64m, rate.Rate);
    }

    [Fact]
    public void OrderAdvanceRate_BelowTheMinimumProbability_IsIneligible() =>
        Assert.Equal(new OrderRate(0m, "LOW_SETTLEMENT_PROBABILITY"), Policy.OrderAdvanceRate(Grade("A"), 0.7999));

    [Fact]
    public void OrderAdvanceRate_DeclineGrade_IsIneligible() =>
        Assert.Equal(new OrderRate(0m, "SCORE_BELOW_CUTOFF"), Policy.OrderAdvanceRate(Grade("D"), 0.99));

    [Theory]
    [InlineData(-0.1)]
    [InlineData(1.01)]
    [InlineData(double.NaN)]
    public void OrderAdvanceRate_NotAProbability_Throws(double p) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => Policy.OrderAdvanceRate(Grade("A"), p));

    [Fact]
    public void OrderAdvanceRate_OfAnAssessmentWithOrderLoansClosed_GivesItsFirstOrderReason()
    {
        var blocked = Policy.Assess(TestPolicy.Merchant() with { Blocked = true }, TestPolicy.Model(620, 0.05), TestPolicy.Now);

        Assert.Equal(new OrderRate(0m, "BLOCKLISTED"), Policy.OrderAdvanceRate(blocked, 0.99));
    }

    [Fact]
    public void OrderAdvanceRate_OfAnOpenAssessment_UsesItsGrade()
    {
        var assessment = Policy.Assess(TestPolicy.Merchant(), TestPolicy.Model(560, 0.05), TestPolicy.Now);

        // Grade B: 0.8 × 0.95 = 0.76.
        Assert.Equal(new OrderRate(0.76m, null), Policy.OrderAdvanceRate(assessment, 0.95));
    }

    [Theory]
    [InlineData("1234.56", "0.8583", "1059.62")] // 1,059.622848
    [InlineData("0.99", "0.8583", "0.84")]       // 0.849717: down, not to the nearest cent
    [InlineData("100.00", "0.5", "50.00")]
    public void OrderAdvance_IsTheAmountTimesTheRateRoundedDownToTheCent(string amount, string rate, string advance) =>
        Assert.Equal(new Money(D(advance)), CreditPolicy.OrderAdvance(new Money(D(amount)), D(rate)));

    [Theory]
    [InlineData("1000.00", "15.00")] // × 0.0005 × 30
    [InlineData("1.00", "0.02")]     // 0.015: half away from zero
    [InlineData("0.33", "0.00")]     // 0.00495
    [InlineData("1059.62", "15.89")] // 15.8943
    public void ExpectedOrderInterest_IsAdvanceTimesDailyRateTimes30Days(string advance, string interest) =>
        Assert.Equal(new Money(D(interest)), Policy.ExpectedOrderInterest(new Money(D(advance)), 0.0005m));

    private static decimal D(string text) => decimal.Parse(text, System.Globalization.CultureInfo.InvariantCulture);
}
