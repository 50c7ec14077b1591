using Microcredit.Scoring.Money;
using Microcredit.Underwriting.Policy;

namespace Microcredit.Underwriting.Tests.Policy;

public class DecideCreditTests
{
    private static readonly CreditPolicy Policy = TestPolicy.Create();

    // Grade A, line 9,500 (CreditLineTests), 0.0005 a day.
    private static readonly Assessment Approve = Policy.Assess(TestPolicy.Merchant(), TestPolicy.Model(620, 0.05), TestPolicy.Now);

    // Grade C, line 2,200, 0.001 a day.
    private static readonly Assessment Review = Policy.Assess(TestPolicy.Merchant(), TestPolicy.Model(520, 0.1), TestPolicy.Now);

    [Fact]
    public void DecideCredit_RequestWithinTheLine_IsApprovedAsAsked()
    {
        var decision = Policy.DecideCredit(Approve, new Money(4_000m), 6);

        Assert.Equal(CreditOutcome.Approved, decision.Outcome);
        Assert.Equal(new Money(4_000m), decision.ApprovedAmount);
        Assert.False(decision.CounterOffer);
        Assert.Equal(new Money(9_500m), decision.CreditLimit);
        Assert.Equal(0.0005m, decision.DailyRate);
        Assert.Equal(0.1825m, decision.Apr);
        Assert.Equal(6, decision.TermMonths);
        Assert.Equal(TestPolicy.Now, decision.DecidedAt);
        Assert.Equal(new DateTimeOffset(2026, 11, 9, 10, 0, 0, TimeSpan.Zero), decision.ExpiresAt);
    }

    [Fact]
    public void DecideCredit_RequestExactlyAtTheLine_IsNoCounterOffer()
    {
        var decision = Policy.DecideCredit(Approve, new Money(9_500m), 12);

        Assert.Equal(new Money(9_500m), decision.ApprovedAmount);
        Assert.False(decision.CounterOffer);
    }

    [Fact]
    public void DecideCredit_RequestAboveTheLine_IsApprovedAtTheLineAsACounterOffer()
    {
        var decision = Policy.DecideCredit(Approve, new Money(12_000.50m), 3);

        Assert.Equal(CreditOutcome.Approved, decision.Outcome);
        Assert.Equal(new Money(12_000.50m), decision.RequestedAmount);
        Assert.Equal(new Money(9_500m), decision.ApprovedAmount);
        Assert.True(decision.CounterOffer);
    }

    [Fact]
    public void DecideCredit_ReviewGrade_KeepsTheRequestUnderReview()
    {
        var decision = Policy.DecideCredit(Review, new Money(1_500m), 6);

        Assert.Equal(CreditOutcome.Review, decision.Outcome);
        Assert.Equal(new Money(1_500m), decision.ApprovedAmount);
        Assert.False(decision.CounterOffer);
        Assert.Equal(0.365m, decision.Apr);
    }

    [Fact]
    public void DecideCredit_ReviewGradeAboveTheLine_PutsTheLineUnderReview()
    {
        var decision = Policy.DecideCredit(Review, new Money(3_000m), 6);

        Assert.Equal(CreditOutcome.Review, decision.Outcome);
        Assert.Equal(new Money(2_200m), decision.ApprovedAmount);
        Assert.True(decision.CounterOffer);
    }

    [Fact]
    public void DecideCredit_DeclinedAssessment_DeclinesWithItsReasons()
    {
        var declined = Policy.Assess(TestPolicy.Merchant() with { Blocked = true }, TestPolicy.Model(620, 0.05), TestPolicy.Now);

        var decision = Policy.DecideCredit(declined, new Money(1_000m), 6);

        Assert.Equal(CreditOutcome.Declined, decision.Outcome);
        Assert.Equal(Money.Zero, decision.ApprovedAmount);
        Assert.False(decision.CounterOffer);
        Assert.Equal(Money.Zero, decision.CreditLimit);
        Assert.Equal(0m, decision.DailyRate);
        Assert.Equal(0m, decision.Apr);
        Assert.Equal(["BLOCKLISTED", "REFUND_RATE_90D"], decision.Reasons.Select(r => r.Code));
    }

    [Theory]
    [InlineData(2)]
    [InlineData(24)]
    public void DecideCredit_TermThePolicyDoesNotOffer_Throws(int months) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => Policy.DecideCredit(Approve, new Money(1_000m), months));

    [Theory]
    [InlineData("0")]
    [InlineData("-10")]
    [InlineData("10.005")]
    public void DecideCredit_AmountNotPositiveWholeCents_Throws(string amount) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => Policy.DecideCredit(Approve, new Money(decimal.Parse(amount, System.Globalization.CultureInfo.InvariantCulture)), 6));

    [Fact]
    public void CreditOutcomes_Text_IsWhatDecisionsStore() =>
        Assert.Equal(["approved", "declined", "review"], Enum.GetValues<CreditOutcome>().Select(CreditOutcomes.ToText));
}
