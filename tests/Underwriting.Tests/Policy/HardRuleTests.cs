using Microcredit.Scoring.Money;
using Microcredit.Underwriting.Policy;

namespace Microcredit.Underwriting.Tests.Policy;

public class HardRuleTests
{
    private static readonly CreditPolicy Policy = TestPolicy.Create();

    private static Assessment Assess(MerchantFacts facts) => Policy.Assess(facts, TestPolicy.Model(650, 0.02), TestPolicy.Now);

    private static void AssertDeclinedFor(Assessment assessment, string code, string text)
    {
        Assert.Equal(PolicyAction.Decline, assessment.Action);
        Assert.Equal(new DecisionReason(code, text, 0), Assert.Single(assessment.FailedRules));
        Assert.Equal(assessment.FailedRules[0], assessment.Reasons[0]);
        Assert.Equal(Money.Zero, assessment.CreditLimit);
        Assert.Equal(0m, assessment.DailyRate);
        Assert.Equal(0m, assessment.OrderAdvanceRate);
        Assert.Equal(Money.Zero, assessment.OrderRoom);
        Assert.False(assessment.OrderLoansOpen);
    }

    [Fact]
    public void Assess_MerchantPassingEveryRule_FailsNone()
    {
        var assessment = Assess(TestPolicy.Merchant());

        Assert.Empty(assessment.FailedRules);
        Assert.Equal(PolicyAction.Approve, assessment.Action);
    }

    [Fact]
    public void Assess_KycNotVerified_Declines() =>
        AssertDeclinedFor(Assess(TestPolicy.Merchant() with { KycVerified = false }), "KYC_NOT_VERIFIED", "The merchant's identity (KYC) is not verified.");

    [Fact]
    public void Assess_KycNotVerifiedWhenThePolicyDoesNotRequireIt_Passes()
    {
        var policy = Policy with { HardRules = Policy.HardRules with { RequireKycVerified = false } };

        var assessment = policy.Assess(TestPolicy.Merchant() with { KycVerified = false }, TestPolicy.Model(650, 0.02), TestPolicy.Now);

        Assert.Empty(assessment.FailedRules);
    }

    [Fact]
    public void Assess_Tenure89Days_Declines()
    {
        // 2026-08-05 10:00 to 2026-11-02 10:00: 26 + 30 + 31 + 2 = 89 days.
        var facts = TestPolicy.Merchant() with { RegisteredAt = new DateTimeOffset(2026, 8, 5, 10, 0, 0, TimeSpan.Zero) };

        AssertDeclinedFor(Assess(facts), "TENURE_TOO_SHORT", "The shop has been on the marketplace 89 days; the policy needs 90.");
    }

    [Fact]
    public void Assess_TenureExactly90Days_Passes()
    {
        var facts = TestPolicy.Merchant() with { RegisteredAt = new DateTimeOffset(2026, 8, 4, 10, 0, 0, TimeSpan.Zero) };

        Assert.Empty(Assess(facts).FailedRules);
    }

    [Fact]
    public void Assess_TenureOneMillisecondShortOf90Days_Declines()
    {
        var facts = TestPolicy.Merchant() with { RegisteredAt = new DateTimeOffset(2026, 8, 4, 10, 0, 0, 1, TimeSpan.Zero) };

        Assert.Equal("TENURE_TOO_SHORT", Assert.Single(Assess(facts).FailedRules).Code);
    }

    [Fact]
    public void Assess_NoSnapshotBuilt_DeclinesNoRecentData() =>
        AssertDeclinedFor(Assess(TestPolicy.Merchant() with { SnapshotAsOf = null, Features = null }), "NO_RECENT_DATA", "No feature snapshot has been built.");

    [Fact]
    public void Assess_NoRowInTheSnapshot_DeclinesNoRecentData() =>
        AssertDeclinedFor(Assess(TestPolicy.Merchant() with { Features = null }), "NO_RECENT_DATA", "The latest feature snapshot (as of 2026-11-01) has no row for this merchant.");

    [Fact]
    public void Assess_SnapshotFourDaysOld_DeclinesNoRecentDataAndIgnoresTheModel()
    {
        var assessment = Assess(TestPolicy.Merchant() with { SnapshotAsOf = new DateOnly(2026, 10, 29) });

        AssertDeclinedFor(assessment, "NO_RECENT_DATA", "The latest feature snapshot (as of 2026-10-29) is 4 days old; the policy accepts 3.");
        Assert.Null(assessment.Score);
        Assert.Null(assessment.Grade);
        Assert.Null(assessment.ModelId);
        Assert.Null(assessment.AsOf);
        Assert.Single(assessment.Reasons);
    }

    [Fact]
    public void Assess_SnapshotThreeDaysOld_IsRecent()
    {
        var assessment = Assess(TestPolicy.Merchant() with { SnapshotAsOf = new DateOnly(2026, 10, 30) });

        Assert.Empty(assessment.FailedRules);
        Assert.Equal(new DateOnly(2026, 10, 30), assessment.AsOf);
    }

    [Fact]
    public void Assess_RecentRowWithoutAModelResult_Throws() =>
        Assert.Throws<ArgumentNullException>(() => Policy.Assess(TestPolicy.Merchant(), null, TestPolicy.Now));

    [Fact]
    public void Assess_NoRecentDataWithoutAModelResult_Declines() =>
        Assert.Equal(PolicyAction.Decline, Policy.Assess(TestPolicy.Merchant() with { Features = null }, null, TestPolicy.Now).Action);

    [Fact]
    public void Assess_NoSaleInTheLast30Days_DeclinesInactive() =>
        AssertDeclinedFor(Assess(TestPolicy.Merchant(TestPolicy.Row(activeDays30d: 0))), "INACTIVE_30D", "The shop made sales on 0 of the 30 days before 2026-11-01; the policy needs 1.");

    [Fact]
    public void Assess_OneActiveDay_Passes() =>
        Assert.Empty(Assess(TestPolicy.Merchant(TestPolicy.Row(activeDays30d: 1))).FailedRules);

    [Fact]
    public void Assess_Loan30DaysPastDue_Declines() =>
        AssertDeclinedFor(Assess(TestPolicy.Merchant() with { MaxDaysPastDue = 30 }), "LOAN_PAST_DUE", "A loan is 30 days past due; the policy declines at 30.");

    [Fact]
    public void Assess_Loan29DaysPastDue_Passes() =>
        Assert.Empty(Assess(TestPolicy.Merchant() with { MaxDaysPastDue = 29 }).FailedRules);

    [Fact]
    public void Assess_Blocklisted_Declines() =>
        AssertDeclinedFor(Assess(TestPolicy.Merchant() with { Blocked = true }), "BLOCKLISTED", "The merchant is on the block list.");

    [Fact]
    public void Assess_EveryRuleFailing_ReportsAllInFlowOrder()
    {
        var facts = new MerchantFacts("m9", false, TestPolicy.Now.AddDays(-10), true, 45, Money.Zero, null, null);

        var assessment = Policy.Assess(facts, null, TestPolicy.Now);

        Assert.Equal(["KYC_NOT_VERIFIED", "TENURE_TOO_SHORT", "NO_RECENT_DATA", "LOAN_PAST_DUE", "BLOCKLISTED"], assessment.Reasons.Select(r => r.Code));
        Assert.Equal(assessment.Reasons, assessment.OrderReasons);
    }

    [Fact]
    public void Assess_HardRuleFailureWithRecentData_PutsTheModelReasonsAfterTheRule()
    {
        var assessment = Assess(TestPolicy.Merchant() with { Blocked = true });

        Assert.Equal(["BLOCKLISTED", "REFUND_RATE_90D"], assessment.Reasons.Select(r => r.Code));
        Assert.Equal(TestPolicy.RefundReason, assessment.Reasons[1]);
        Assert.Equal(650, assessment.Score);
        Assert.Equal("A", assessment.Grade!.Grade);
        Assert.Equal("model-1", assessment.ModelId);
    }
}
