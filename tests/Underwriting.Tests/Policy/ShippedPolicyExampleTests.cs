using Microcredit.Scoring.Money;
using Microcredit.Underwriting.Policy;

namespace Microcredit.Underwriting.Tests.Policy;

/// <summary>The worked example of docs/underwriting.md, "Sizing and pricing", on the shipped policy.</summary>
public class ShippedPolicyExampleTests
{
    private static readonly CreditPolicy Policy = PolicyLoader.LoadDefault();

    private static readonly Assessment Assessment = Policy.Assess(
        TestPolicy.Merchant(TestPolicy.Row(netGmv180d: 60_000m), outstanding: 2_000m),
        TestPolicy.Model(592, 0.03),
        TestPolicy.Now);

    [Fact]
    public void Example_GradeBLineAndLimit()
    {
        Assert.Equal("B", Assessment.Grade!.Grade);
        Assert.Equal(new Money(14_500m), Assessment.SizedLine);
        Assert.Equal(new Money(12_500m), Assessment.CreditLimit);
        Assert.Equal(0.0006m, Assessment.DailyRate);
    }

    [Fact]
    public void Example_RequestAboveTheLimitIsACounterOffer()
    {
        var decision = Policy.DecideCredit(Assessment, new Money(15_000m), 6);

        Assert.Equal(CreditOutcome.Approved, decision.Outcome);
        Assert.Equal(new Money(12_500m), decision.ApprovedAmount);
        Assert.True(decision.CounterOffer);
        Assert.Equal(0.219m, decision.Apr);
    }

    [Fact]
    public void Example_OrderAdvanceAndExpectedInterest()
    {
        var rate = Policy.OrderAdvanceRate(Assessment, 0.93);
        var advance = CreditPolicy.OrderAdvance(new Money(800m), rate.Rate);

        Assert.Equal(0.7905m, rate.Rate);
        Assert.Equal(new Money(632.40m), advance);
        Assert.Equal(new Money(11.38m), Policy.ExpectedOrderInterest(advance, Assessment.DailyRate));
    }
}
