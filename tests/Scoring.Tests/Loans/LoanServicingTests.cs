using System.Globalization;
using Microcredit.Scoring.Features.History;
using Microcredit.Scoring.Loans;
using static Microcredit.Scoring.Tests.Loans.LoanScheduleTests;

namespace Microcredit.Scoring.Tests.Loans;

/// <summary>The 6-month loan of 10,000.00 at 0.0005 a day disbursed 2025-01-15 (schedule in <see cref="LoanScheduleTests"/>).</summary>
public class LoanServicingTests
{
    private static readonly LoanTerms Terms = new(LoanProduct.Credit, M(10_000.00m), 0.0005m, T("2025-01-15T09:00:00Z"));
    private static readonly IReadOnlyList<ScheduledInstallment> Schedule = LoanSchedule.Credit(Terms.Principal, 6, Terms.DailyRate, Terms.DisbursedAt);

    [Fact]
    public void Position_PartialPaymentBeforeTheDueDate_GoesToInterestThenPrincipalOfTheFirst()
    {
        var position = Position([P("2025-02-10T12:00:00Z", 1_000.00m)], "2025-02-11T00:00:00Z");

        // 1,000.00 → interest 155.00 of #1, then 845.00 of its principal; #1 still owes 1,821.67 − 1,000 = 821.67.
        var first = position.Installments[0];
        Assert.Equal((M(155.00m), M(845.00m), M(821.67m)), (first.InterestPaid, first.PrincipalPaid, first.Outstanding));
        Assert.Equal((LoanStatus.Current, 0), (position.Status, position.DaysPastDue));
        Assert.Equal(M(10_000.00m - 845.00m), position.PrincipalOutstanding);
        Assert.Equal(M(0m), position.DueNow);
    }

    [Theory]
    [InlineData("2025-02-15T23:59:59Z", 0, LoanStatus.Current)]
    [InlineData("2025-02-16T00:00:00Z", 1, LoanStatus.Late)]
    [InlineData("2025-03-16T00:00:00Z", 29, LoanStatus.Late)]
    public void Position_NothingPaid_DaysPastDueCountWholeDaysSinceTheOldestDueDate(string asOf, int dpd, LoanStatus status)
    {
        var position = Position([], asOf);

        Assert.Equal((status, dpd), (position.Status, position.DaysPastDue));
    }

    [Fact]
    public void Position_LatePayment_PaysPenaltyFirstAndTheShortfallKeepsAccruing()
    {
        // Paid 1,821.67 five days late (Feb 20). Penalty to then: 1.5 × 0.0005 × 1,666.67 × 5 = 6.2500125 → 6.25;
        // the payment covers 6.25 penalty + 155.00 interest + 1,660.42 principal, leaving 6.25 principal overdue.
        // By Feb 25: 0.00075 × 6.25 × 5 days = 0.0234375 → 0.02 more penalty; #1 owes 6.27, 10 days past due.
        var late = Position([P("2025-02-20T10:00:00Z", 1_821.67m)], "2025-02-25T00:00:00Z");

        var first = late.Installments[0];
        Assert.Equal((M(6.27m), M(6.25m), M(1_660.42m)), (first.PenaltyDue, first.PenaltyPaid, first.PrincipalPaid));
        Assert.Equal(M(6.27m), first.Outstanding);
        Assert.Equal((LoanStatus.Late, 10), (late.Status, late.DaysPastDue));

        // Paying the 6.27 on Feb 25 covers the 0.02 accrued that day and the 6.25: current again.
        var settled = Position([P("2025-02-20T10:00:00Z", 1_821.67m), P("2025-02-25T08:00:00Z", 6.27m)], "2025-02-26T00:00:00Z");

        Assert.True(settled.Installments[0].IsPaid);
        Assert.Equal((LoanStatus.Current, 0), (settled.Status, settled.DaysPastDue));
        Assert.Equal(M(10_000.00m - 1_666.67m), settled.PrincipalOutstanding);
    }

    [Fact]
    public void Payoff_BeforeTheFirstDueDate_IsPrincipalAndInterestAccruedSoFar()
    {
        // Jan 15 → Feb 10 is 26 days: 10,000.00 × 0.0005 × 26 = 130.00; later periods charge nothing.
        var quote = LoanServicing.PayoffOn(Terms, ServicingRules.Platform, Schedule, [], D("2025-02-10"));

        Assert.Equal(new PayoffQuote(D("2025-02-10"), M(10_000.00m), M(130.00m), M(0m)), quote);
    }

    [Fact]
    public void Payoff_AfterAMissedDueDate_AddsItsInterestPenaltyAndTheCurrentPeriodsAccrual()
    {
        // Mar 1, #1 unpaid since Feb 15 (14 days): its interest 155.00; penalty 0.00075 × 1,666.67 × 14 = 17.500035 → 17.50;
        // period 2 (from Feb 15, 14 days) on its 8,333.33: 0.0005 × 8,333.33 × 14 = 58.33331 → 58.33.
        var quote = LoanServicing.PayoffOn(Terms, ServicingRules.Platform, Schedule, [], D("2025-03-01"));

        Assert.Equal(new PayoffQuote(D("2025-03-01"), M(10_000.00m), M(155.00m + 58.33m), M(17.50m)), quote);
        Assert.Equal(M(10_230.83m), quote.Total);
    }

    [Fact]
    public void Payoff_InterestPaidAhead_IsNotGivenBack()
    {
        // The Feb 10 payment paid 155.00 interest, more than the 130.00 accrued: the payoff owes only principal, 10,000 − 845.
        var quote = LoanServicing.PayoffOn(Terms, ServicingRules.Platform, Schedule, [P("2025-02-10T12:00:00Z", 1_000.00m)], D("2025-02-10"));

        Assert.Equal((M(9_155.00m), M(0m)), (quote.Principal, quote.Interest));
    }

    [Fact]
    public void Position_PaymentOfThePayoff_ClosesTheLoanAndWaivesInterestNotAccrued()
    {
        var position = Position([P("2025-02-10T12:00:00Z", 10_130.00m)], "2025-09-01T00:00:00Z");

        // #1 is charged 130.00 of its 155.00; #2–#6 nothing of their 371.67.
        Assert.Equal((LoanStatus.Repaid, 0), (position.Status, position.DaysPastDue));
        Assert.Equal((M(130.00m), M(25.00m)), (position.Installments[0].InterestDue, position.Installments[0].InterestWaived));
        Assert.All(position.Installments.Skip(1), i => Assert.Equal(M(0m), i.InterestDue));
        Assert.Equal(M(0m), position.TotalOutstanding);
        Assert.Equal(M(10_130.00m), position.TotalPaid);
        Assert.Equal(new PayoffQuote(D("2025-02-11"), M(0m), M(0m), M(0m)), LoanServicing.PayoffOn(Terms, ServicingRules.Platform, Schedule, [P("2025-02-10T12:00:00Z", 10_130.00m)], D("2025-02-11")));
    }

    [Fact]
    public void Position_ScheduleWithTheClosingInterestRewritten_ReplaysToTheSamePosition()
    {
        // Closing rewrites the stored interest to what was charged (LoanRepayments); replaying the rewritten schedule must agree.
        var payments = new[] { P("2025-01-20T00:00:00Z", 500.00m), P("2025-03-03T00:00:00Z", 9_000.00m) };
        var payoff = LoanServicing.PayoffAt(Terms, ServicingRules.Platform, Schedule, payments, T("2025-04-01T10:00:00Z"));
        LoanPayment[] all = [.. payments, P("2025-04-01T10:00:00Z", payoff.Total.Amount)];
        var closed = LoanServicing.PositionAsOf(Terms, ServicingRules.Platform, Schedule, all, T("2025-05-01T00:00:00Z"));
        var rewritten = closed.Installments.Select(i => new ScheduledInstallment(i.Seq, i.DueDate, i.PrincipalDue, i.InterestDue)).ToList();

        var replayed = LoanServicing.PositionAsOf(Terms, ServicingRules.Platform, rewritten, all, T("2025-05-01T00:00:00Z"));

        Assert.Equal(LoanStatus.Repaid, closed.Status);
        Assert.Equal(closed.Installments.Select(i => (i.InterestDue, i.Paid)), replayed.Installments.Select(i => (i.InterestDue, i.Paid)));
        Assert.All(replayed.Installments, i => Assert.Equal(M(0m), i.InterestWaived));
    }

    [Fact]
    public void Position_ImportedRules_ChargeNoPenaltyAndNeverClose()
    {
        // Imported loans are applied like RepaymentAllocation: 1,821.67 paid late covers #1 exactly.
        var position = LoanServicing.PositionAsOf(Terms, ServicingRules.Imported, Schedule, [P("2025-02-20T10:00:00Z", 1_821.67m)], T("2025-02-25T00:00:00Z"));

        Assert.True(position.Installments[0].IsPaid);
        Assert.Equal((LoanStatus.Current, 0, M(0m)), (position.Status, position.DaysPastDue, position.PenaltyOutstanding));
    }

    [Fact]
    public void Position_OrderLoanAfterMaturity_AccruesPenaltyOnTheUnpaidPrincipal()
    {
        // 800.00 at 0.0005 from Mar 1: due Mar 31 with 800 × 0.0005 × 30 = 12.00. 500.00 paid Mar 10 → 12.00 interest, 488.00 principal.
        // Apr 5: 312.00 principal 5 days overdue: 0.00075 × 312 × 5 = 1.17 penalty.
        var terms = new LoanTerms(LoanProduct.Order, M(800.00m), 0.0005m, T("2025-03-01T08:00:00Z"));
        var schedule = LoanSchedule.Order(terms.Principal, terms.DailyRate, terms.DisbursedAt);

        var position = LoanServicing.PositionAsOf(terms, ServicingRules.Platform, schedule, [P("2025-03-10T00:00:00Z", 500.00m)], T("2025-04-05T00:00:00Z"));

        Assert.Equal((LoanStatus.Late, 5), (position.Status, position.DaysPastDue));
        Assert.Equal((M(312.00m), M(1.17m)), (position.PrincipalOutstanding, position.PenaltyOutstanding));
    }

    private static LoanPosition Position(LoanPayment[] payments, string asOf) =>
        LoanServicing.PositionAsOf(Terms, ServicingRules.Platform, Schedule, payments, T(asOf));

    internal static DateTimeOffset T(string instant) => DateTimeOffset.Parse(instant, CultureInfo.InvariantCulture);

    internal static DateOnly D(string date) => DateOnly.Parse(date, CultureInfo.InvariantCulture);

    internal static LoanPayment P(string paidAt, decimal amount) => new(T(paidAt), M(amount));
}
