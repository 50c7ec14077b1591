using Dapper;
using Microcredit.Jobs.Servicing;
using Microcredit.Jobs.Tests.Samples;
using Microcredit.Scoring.Storage;
using Microcredit.Tests;

namespace Microcredit.Jobs.Tests.Servicing;

/// <summary>
/// Servicing on a two-loan history computed by hand (docs/loans.md):
/// A, imported credit loan of 300.00 disbursed 2025-01-01: three installments of 100.00 principal +
/// 5.00 interest due Feb 1, Mar 1, Apr 1; 105.00 paid Feb 1 (covers #1). Imports accrue no penalty.
/// B, platform order loan of 1,000.00 at 0.001 a day disbursed 2025-01-01: one installment due
/// Jan 31 of 1,000.00 + 30.00 interest, nothing paid; penalty 1.5 × 0.001 × 1,000.00 a day overdue.
/// </summary>
public class ServicingJobTests
{
    private static readonly TestClock Clock = new(new DateTimeOffset(2025, 10, 1, 6, 0, 0, TimeSpan.Zero));

    [Theory, Engines]
    public async Task Run_TinyHistory_BucketsBalancesAndPenaltyByHand(DatabaseEngine engine)
    {
        await using var test = await CreateAsync(engine);

        await ServicingJob.RunAsync(SampleDatabases.Context(test.Database, Clock, new DateOnly(2025, 4, 15)), default);

        // Apr 15: A's #2 (due Mar 1) unpaid, 45 days past due; 200.00 principal + 10.00 interest left.
        // B is 74 days past due (Jan 31 → Apr 15): penalty 0.0015 × 1,000.00 × 74 = 111.00; total 1,141.00.
        var rows = await SampleDatabases.RowsAsync(test.Database,
            "SELECT loan_id, status, days_past_due, bucket, principal_outstanding, interest_outstanding, penalty_accrued, total_outstanding FROM loan_servicing WHERE as_of = '2025-04-15' ORDER BY loan_id");
        Assert.Equal(
            [
                "loan_id=A|status=late|days_past_due=45|bucket=30-59|principal_outstanding=20000|interest_outstanding=1000|penalty_accrued=0|total_outstanding=21000",
                "loan_id=B|status=late|days_past_due=74|bucket=60-89|principal_outstanding=100000|interest_outstanding=3000|penalty_accrued=11100|total_outstanding=114100",
            ],
            rows);
        var summary = await SampleDatabases.RowsAsync(test.Database,
            "SELECT bucket, loans, principal_outstanding, total_outstanding FROM portfolio_summary WHERE as_of = '2025-04-15' ORDER BY bucket");
        Assert.Equal(
            [
                "bucket=1-29|loans=0|principal_outstanding=0|total_outstanding=0",
                "bucket=30-59|loans=1|principal_outstanding=20000|total_outstanding=21000",
                "bucket=60-89|loans=1|principal_outstanding=100000|total_outstanding=114100",
                "bucket=90+|loans=0|principal_outstanding=0|total_outstanding=0",
                "bucket=current|loans=0|principal_outstanding=0|total_outstanding=0",
            ],
            summary);
        Assert.Empty(await SampleDatabases.RowsAsync(test.Database, "SELECT * FROM loan_write_offs"));
    }

    [Theory, Engines]
    public async Task Run_PastWriteOffDays_WritesOffOnceOnTheDayTheThresholdWasReached(DatabaseEngine engine)
    {
        await using var test = await CreateAsync(engine);

        // Run late first, then earlier, then late again: the write-off rows are the same whatever the order.
        await ServicingJob.RunAsync(SampleDatabases.Context(test.Database, Clock, new DateOnly(2025, 9, 1)), default);
        await ServicingJob.RunAsync(SampleDatabases.Context(test.Database, Clock, new DateOnly(2025, 8, 1)), default);
        await ServicingJob.RunAsync(SampleDatabases.Context(test.Database, Clock, new DateOnly(2025, 9, 1)), default);

        // B reached 180 days past due on Jan 31 + 180 = Jul 30, A on Mar 1 + 180 = Aug 28.
        Assert.Equal(
            [
                "loan_id=A|written_off_on=2025-08-28|days_past_due=180|principal_written_off=20000",
                "loan_id=B|written_off_on=2025-07-30|days_past_due=180|principal_written_off=100000",
            ],
            await SampleDatabases.RowsAsync(test.Database, "SELECT * FROM loan_write_offs ORDER BY loan_id"));
        Assert.Equal(
            ["loan_id=A|status=late|bucket=90+", "loan_id=B|status=written_off|bucket=90+"],
            await SampleDatabases.RowsAsync(test.Database, "SELECT loan_id, status, bucket FROM loan_servicing WHERE as_of = '2025-08-01' ORDER BY loan_id"));
        Assert.Equal(
            ["loan_id=A|status=written_off", "loan_id=B|status=written_off"],
            await SampleDatabases.RowsAsync(test.Database, "SELECT loan_id, status FROM loan_servicing WHERE as_of = '2025-09-01' ORDER BY loan_id"));
        // Aug 1: A alone is open, 153 days past due (Mar 1 → Aug 1); Sep 1: nothing is open.
        Assert.Equal(
            ["bucket=90+|loans=1|principal_outstanding=20000"],
            await SampleDatabases.RowsAsync(test.Database, "SELECT bucket, loans, principal_outstanding FROM portfolio_summary WHERE as_of = '2025-08-01' AND loans > 0"));
        Assert.Empty(await SampleDatabases.RowsAsync(test.Database, "SELECT * FROM portfolio_summary WHERE as_of = '2025-09-01' AND loans > 0"));
    }

    [Theory, Engines]
    public async Task Run_ConfiguredWriteOffDays_AreUsed(DatabaseEngine engine)
    {
        await using var test = await CreateAsync(engine);

        await ServicingJob.RunAsync(
            SampleDatabases.Context(test.Database, Clock, new DateOnly(2025, 4, 15), new Dictionary<string, string?> { ["Jobs:servicing:WriteOffDays"] = "60" }),
            default);

        // 60 days: B on Jan 31 + 60 = Apr 1; A (45 days past due) not yet.
        Assert.Equal(
            ["loan_id=B|written_off_on=2025-04-01|days_past_due=60|principal_written_off=100000"],
            await SampleDatabases.RowsAsync(test.Database, "SELECT * FROM loan_write_offs"));
    }

    [Theory, Engines]
    public async Task Run_OpenPledgeOfASettledOrder_IsCollectedBeforeTheBookIsPlaced(DatabaseEngine engine)
    {
        await using var test = await CreateAsync(engine);
        await using (var connection = await test.Database.OpenAsync())
        {
            // An order pledged to B settled on Jan 20 for 600.00, and no import has swept it yet.
            await connection.ExecuteAsync(
                """
                INSERT INTO orders (order_id, merchant_id, buyer_id, amount, created_at, shipped_at, settled_at)
                VALUES ('o1', 'm1', 'b1', 60000, @jan20, @jan20, @jan20);
                INSERT INTO loan_pledges (loan_id, order_id, order_amount, advance_amount) VALUES ('B', 'o1', 60000, 60000);
                """,
                new { jan20 = DbTime.ToDb(new DateTimeOffset(2025, 1, 20, 0, 0, 0, TimeSpan.Zero)) });
        }

        var outcome = await ServicingJob.RunAsync(SampleDatabases.Context(test.Database, Clock, new DateOnly(2025, 4, 15)), default);

        // The payoff on Jan 20 is 1,000.00 + 0.001 × 1,000.00 × 19 days = 1,019.00, so all 600.00 is
        // collected: paid ahead, it goes to the 30.00 interest, then 570.00 principal. Apr 15: 430.00
        // principal 74 days overdue, penalty 0.0015 × 430.00 × 74 = 47.73; total 477.73.
        Assert.Contains("resolved 1 pledges", outcome.Summary, StringComparison.Ordinal);
        Assert.Equal(
            ["loan_id=B|principal_outstanding=43000|interest_outstanding=0|penalty_accrued=4773|total_outstanding=47773"],
            await SampleDatabases.RowsAsync(test.Database,
                "SELECT loan_id, principal_outstanding, interest_outstanding, penalty_accrued, total_outstanding FROM loan_servicing WHERE loan_id = 'B'"));
        Assert.Equal(
            ["collected=60000"],
            await SampleDatabases.RowsAsync(test.Database, "SELECT collected FROM loan_pledges WHERE collected_at IS NOT NULL"));
    }

    [Theory, Engines]
    public async Task Run_EachRowCarriesTheDisbursementDateAndTheFirstDayTheLoanWas30DaysPastDue_EvenAfterItCaughtUp(DatabaseEngine engine)
    {
        await using var test = await CreateAsync(engine);
        await using (var connection = await test.Database.OpenAsync())
        {
            // A pays its two remaining installments (2 × 105.00) on Apr 5 and is repaid.
            await connection.ExecuteAsync(
                "INSERT INTO repayments (loan_id, paid_at, amount) VALUES ('A', @apr5, 21000)",
                new { apr5 = DbTime.ToDb(new DateTimeOffset(2025, 4, 5, 9, 0, 0, TimeSpan.Zero)) });
        }

        await ServicingJob.RunAsync(SampleDatabases.Context(test.Database, Clock, new DateOnly(2025, 3, 15)), default);
        await ServicingJob.RunAsync(SampleDatabases.Context(test.Database, Clock, new DateOnly(2025, 4, 15)), default);

        // B's only installment (due Jan 31) is 30 days past due at Mar 2 00:00. A's #2 (due Mar 1) at
        // Mar 31 00:00: not yet on Mar 15; on Apr 15 A is repaid, and keeps Mar 31.
        Assert.Equal(
            [
                "as_of=2025-03-15|loan_id=A|status=late|days_past_due=14|disbursed_on=2025-01-01|first_dpd30_on=",
                "as_of=2025-03-15|loan_id=B|status=late|days_past_due=43|disbursed_on=2025-01-01|first_dpd30_on=2025-03-02",
                "as_of=2025-04-15|loan_id=A|status=repaid|days_past_due=0|disbursed_on=2025-01-01|first_dpd30_on=2025-03-31",
                "as_of=2025-04-15|loan_id=B|status=late|days_past_due=74|disbursed_on=2025-01-01|first_dpd30_on=2025-03-02",
            ],
            await SampleDatabases.RowsAsync(test.Database, "SELECT as_of, loan_id, status, days_past_due, disbursed_on, first_dpd30_on FROM loan_servicing ORDER BY as_of, loan_id"));
    }

    private static async Task<TestDatabase> CreateAsync(DatabaseEngine engine)
    {
        var test = await TestDatabase.CreateAsync(engine);
        await using var connection = await test.Database.OpenAsync();
        var jan1 = DbTime.ToDb(new DateTimeOffset(2025, 1, 1, 10, 0, 0, TimeSpan.Zero));
        await connection.ExecuteAsync(
            """
            INSERT INTO merchants (merchant_id, registered_at, category, region, kyc_verified) VALUES ('m1', 0, 'toys', 'east', 1);
            INSERT INTO loans (loan_id, merchant_id, product, principal, daily_rate, disbursed_at, maturity_date, origin)
            VALUES ('A', 'm1', 'credit', 30000, 0, @jan1, '2025-04-01', 'import'),
                   ('B', 'm1', 'order', 100000, 1000, @jan1, '2025-01-31', 'platform');
            INSERT INTO installments (loan_id, seq, due_date, principal_due, interest_due)
            VALUES ('A', 1, '2025-02-01', 10000, 500), ('A', 2, '2025-03-01', 10000, 500), ('A', 3, '2025-04-01', 10000, 500),
                   ('B', 1, '2025-01-31', 100000, 3000);
            INSERT INTO repayments (loan_id, paid_at, amount) VALUES ('A', @feb1, 10500);
            """,
            new { jan1, feb1 = DbTime.ToDb(new DateTimeOffset(2025, 2, 1, 12, 0, 0, TimeSpan.Zero)) });
        return test;
    }
}
