using Dapper;
using Microcredit.Scoring.Loans;
using Microcredit.Scoring.Storage;
using Microcredit.Tests;
using static Microcredit.Scoring.Tests.Loans.LoanScheduleTests;
using static Microcredit.Scoring.Tests.Loans.LoanServicingTests;

namespace Microcredit.Scoring.Tests.Loans;

/// <summary>Platform loans in the database: draw-down, repayments, statements and payoff on both engines.</summary>
public class PlatformLoanTests
{
    [Theory, Engines]
    public async Task CreditLoan_FullLife_FromDrawdownToPayoff(DatabaseEngine engine)
    {
        await using var test = await TestDatabase.CreateAsync(engine);
        await using var connection = await test.Database.OpenAsync();

        var drawn = await InTransactionAsync(connection, tx => LoanDrawdown.CreditAsync(connection, tx, "loan_A", "dec_A", "M1", M(10_000.00m), 0.0005m, 6, T("2025-01-15T09:00:00Z")));
        Assert.Equal(DrawdownStatus.Drawn, drawn.Status);
        Assert.Equal((1_000_000L, 52_667L, "platform", "dec_A"), await connection.QuerySingleAsync<(long, long, string, string)>(
            "SELECT sum(i.principal_due), sum(i.interest_due), min(l.origin), min(l.decision_id) FROM installments i JOIN loans l ON l.loan_id = i.loan_id WHERE i.loan_id = 'loan_A'"));

        // Partial payment before the first due date: 155.00 interest, 845.00 principal of #1.
        Assert.Equal(RepaymentStatus.Recorded, (await RecordAsync(connection, "loan_A", 1_000.00m, "2025-02-10T12:00:00Z")).Status);

        // Feb 25: #1 still owes 821.67 principal, 10 days late: penalty 0.00075 × 821.67 × 10 = 6.162525 → 6.16.
        var late = (await LoanStatements.LoadAsync(connection, null, "loan_A", T("2025-02-25T00:00:00Z")))!;
        Assert.Equal((LoanStatus.Late, 10), (late.Position.Status, late.Position.DaysPastDue));
        Assert.Equal((M(6.16m), M(827.83m)), (late.Position.PenaltyOutstanding, late.Position.DueNow));
        Assert.Equal(6, late.TermMonths);

        Assert.Equal(RepaymentStatus.Recorded, (await RecordAsync(connection, "loan_A", 827.83m, "2025-02-25T08:00:00Z")).Status);

        // Mar 1 payoff: principal 10,000 − 1,666.67 = 8,333.33; period 2 from Feb 15, 14 days: 0.0005 × 8,333.33 × 14 = 58.33331 → 58.33.
        var quote = await LoanStatements.PayoffAsync(connection, null, "loan_A", D("2025-03-01"));
        Assert.Equal(new PayoffQuote(D("2025-03-01"), M(8_333.33m), M(58.33m), M(0m)), quote);

        var tooMuch = await RecordAsync(connection, "loan_A", 9_000.00m, "2025-03-01T10:00:00Z");
        Assert.Equal((RepaymentStatus.ExceedsPayoff, M(8_391.66m)), (tooMuch.Status, tooMuch.Payoff!.Total));

        var final = await RecordAsync(connection, "loan_A", 8_391.66m, "2025-03-01T10:00:00Z");
        Assert.Equal((RepaymentStatus.Recorded, LoanStatus.Repaid), (final.Status, final.Position!.Status));

        // Closing wrote the charged interest back: #2 58.33 of its 116.67, #3–#6 nothing.
        Assert.Equal([15_500L, 5_833, 0, 0, 0, 0], await connection.QueryAsync<long>("SELECT interest_due FROM installments WHERE loan_id = 'loan_A' ORDER BY seq"));
        var statement = (await LoanStatements.LoadAsync(connection, null, "loan_A", T("2025-06-01T00:00:00Z")))!;
        Assert.Equal((LoanStatus.Repaid, 0, M(0m)), (statement.Position.Status, statement.Position.DaysPastDue, statement.Position.TotalOutstanding));
        Assert.Equal(M(1_000.00m + 827.83m + 8_391.66m), statement.Position.TotalPaid);
        Assert.Equal(3, statement.Payments.Count);
        Assert.Equal(RepaymentStatus.AlreadyRepaid, (await RecordAsync(connection, "loan_A", 1.00m, "2025-03-02T00:00:00Z")).Status);
    }

    [Theory, Engines]
    public async Task Repayment_UnknownImportedOrEarlyOrTwinPayments_AreOutcomes(DatabaseEngine engine)
    {
        await using var test = await TestDatabase.CreateAsync(engine);
        await using var connection = await test.Database.OpenAsync();
        await InTransactionAsync(connection, tx => LoanDrawdown.CreditAsync(connection, tx, "loan_A", "dec_A", "M1", M(1_000.00m), 0.0005m, 3, T("2025-01-15T09:00:00Z")));
        await connection.ExecuteAsync("INSERT INTO loans (loan_id, merchant_id, product, principal, daily_rate, disbursed_at, maturity_date) VALUES ('L9', 'M1', 'credit', 100, 0, 0, '1970-02-01')");

        Assert.Equal(RepaymentStatus.UnknownLoan, (await RecordAsync(connection, "loan_X", 1m, "2025-02-01T00:00:00Z")).Status);
        Assert.Equal(RepaymentStatus.NotPlatformLoan, (await RecordAsync(connection, "L9", 1m, "2025-02-01T00:00:00Z")).Status);
        Assert.Equal(RepaymentStatus.BeforeDisbursement, (await RecordAsync(connection, "loan_A", 1m, "2025-01-15T08:59:59Z")).Status);

        // Two payments of 10.00 in the same millisecond: the second is stored a millisecond later.
        var first = await RecordAsync(connection, "loan_A", 10m, "2025-02-01T00:00:00Z");
        var second = await RecordAsync(connection, "loan_A", 10m, "2025-02-01T00:00:00Z");

        Assert.Equal(T("2025-02-01T00:00:00Z"), first.PaidAt);
        Assert.Equal(T("2025-02-01T00:00:00.001Z"), second.PaidAt);
        Assert.Equal(2, await connection.ExecuteScalarAsync<long>("SELECT count(*) FROM repayments WHERE loan_id = 'loan_A' AND amount = 1000"));

        // A third payment then is stored with the later twin and checked against a payoff counting both twins: their 20.00 paid #1's 15.50 interest
        // (more than the 0.0005 × 1,000 × 17 = 8.50 accrued Jan 15 → Feb 1) and 4.50 principal: payoff 995.50.
        var over = await RecordAsync(connection, "loan_A", 995.51m, "2025-02-01T00:00:00Z");
        Assert.Equal((RepaymentStatus.ExceedsPayoff, M(995.50m)), (over.Status, over.Payoff!.Total));
        var closing = await RecordAsync(connection, "loan_A", 995.50m, "2025-02-01T00:00:00Z");
        Assert.Equal((LoanStatus.Repaid, T("2025-02-01T00:00:00.001Z")), (closing.Position!.Status, closing.PaidAt));
    }

    [Theory, Engines]
    public async Task Drawdown_SameDecisionTwiceOrAPledgedOrder_IsRefusedAndWritesNothing(DatabaseEngine engine)
    {
        await using var test = await TestDatabase.CreateAsync(engine);
        await using var connection = await test.Database.OpenAsync();
        var at = T("2025-10-01T10:00:00Z");
        PledgedOrder[] pledges = [new("P1", M(500.00m), M(400.00m))];

        var first = await InTransactionAsync(connection, tx => LoanDrawdown.OrderAsync(connection, tx, "loan_A", "dec_A", "M1", pledges, 0.0005m, at));
        var again = await InTransactionAsync(connection, tx => LoanDrawdown.CreditAsync(connection, tx, "loan_B", "dec_A", "M1", M(100m), 0.0005m, 3, at));
        var pledged = await InTransactionAsync(connection, tx => LoanDrawdown.OrderAsync(connection, tx, "loan_C", "dec_C", "M1", [new("P2", M(10m), M(5m)), .. pledges], 0.0005m, at));

        Assert.Equal(DrawdownStatus.Drawn, first.Status);
        Assert.Equal([new ScheduledInstallment(1, D("2025-10-31"), M(400.00m), M(6.00m))], first.Schedule);
        Assert.Equal(DrawdownStatus.AlreadyDrawn, again.Status);
        Assert.Equal((DrawdownStatus.OrderAlreadyPledged, "P1"), (pledged.Status, pledged.OrderId));
        Assert.Equal(["loan_A"], await connection.QueryAsync<string>("SELECT loan_id FROM loans"));
        Assert.Equal(1, await connection.ExecuteScalarAsync<long>("SELECT count(*) FROM installments"));
        Assert.Equal(["loan_A|P1"], await connection.QueryAsync<string>("SELECT loan_id || '|' || order_id FROM loan_pledges"));
    }

    internal static async Task<T> InTransactionAsync<T>(System.Data.Common.DbConnection connection, Func<System.Data.Common.DbTransaction, Task<T>> work)
    {
        await using var transaction = await connection.BeginTransactionAsync();
        var result = await work(transaction);
        await transaction.CommitAsync();
        return result;
    }

    internal static Task<RepaymentOutcome> RecordAsync(System.Data.Common.DbConnection connection, string loanId, decimal amount, string paidAt) =>
        InTransactionAsync(connection, tx => LoanRepayments.RecordAsync(connection, tx, loanId, M(amount), T(paidAt)));
}
