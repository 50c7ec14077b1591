using System.Globalization;
using Dapper;
using Microcredit.Jobs.Scheduling;
using Microcredit.Scoring.Features.History;
using Microcredit.Scoring.Import;
using Microcredit.Scoring.Labels;
using Microcredit.Scoring.Loans;
using Microcredit.Scoring.Storage;

namespace Microcredit.Jobs.Servicing;

/// <summary>
/// The <c>servicing</c> job (docs/jobs-monitoring.md): settles what pledged orders repaid, then
/// places every loan disbursed before the run's date D — as of D 00:00 UTC, the instant the
/// features of D are taken at, counting payments strictly before it — in a delinquency bucket,
/// writes off loans that reached the configured days past due, and sums the open book per bucket.
/// Each loan's row also carries its disbursement date and the first day it was 30+ days past due
/// (what the dashboard's vintage curves count).
/// All of it in one transaction; a rerun for D replaces D's rows with the same rows.
/// </summary>
public static class ServicingJob
{
    public const string Name = "servicing";

    public static async Task<JobOutcome> RunAsync(JobContext context, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(context);
        var options = JobSection.Read<ServicingOptions>(context.Configuration, ServicingOptions.Section);
        var asOf = context.AsOf;
        var instant = WriteOff.StartOf(asOf);
        var date = DbTime.ToDb(asOf);

        await using var connection = await context.Database.OpenAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        if (context.Database.Engine == DatabaseEngine.Postgres)
        {
            // Serializes with imports: both run the settlement sweep.
            await connection.ExecuteAsync(new CommandDefinition("SELECT pg_advisory_xact_lock(@HistoryLock)", new { Importer.HistoryLock }, transaction, cancellationToken: ct));
        }

        // Imports already run the sweep in their own transaction; this catches pledges whose
        // orders were updated any other way, and is a no-op otherwise.
        var collected = await PledgeSweep.CollectAsync(connection, transaction, ct);
        var book = await LoanBook.LoadAsync(connection, transaction, instant, ct);

        var writtenOff = (await connection.QueryAsync<(string LoanId, string On)>(new CommandDefinition(
            "SELECT loan_id, written_off_on FROM loan_write_offs", transaction: transaction, cancellationToken: ct)))
            .ToDictionary(w => w.LoanId, w => DbTime.DateFromDb(w.On), StringComparer.Ordinal);
        var newWriteOffs = new List<WriteOff>();
        var rows = new List<ServicingRow>(book.Count);
        foreach (var loan in book)
        {
            var position = loan.PositionAt(instant);
            if (!writtenOff.ContainsKey(loan.LoanId) && position.DaysPastDue >= options.WriteOffDays
                && WriteOff.Find(loan, asOf, options.WriteOffDays) is { } writeOff)
            {
                newWriteOffs.Add(writeOff);
                writtenOff[loan.LoanId] = writeOff.WrittenOffOn;
            }

            var isWrittenOff = writtenOff.TryGetValue(loan.LoanId, out var on) && on <= asOf;
            rows.Add(ServicingRow.Of(date, loan, position, isWrittenOff, loan.FirstDayPastDue(DefaultLabel.DefaultDpd, asOf)));
        }

        foreach (var w in newWriteOffs)
        {
            await connection.ExecuteAsync(new CommandDefinition(
                """
                INSERT INTO loan_write_offs (loan_id, written_off_on, days_past_due, principal_written_off)
                VALUES (@LoanId, @On, @Days, @Principal)
                ON CONFLICT (loan_id) DO NOTHING
                """,
                new { w.LoanId, On = DbTime.ToDb(w.WrittenOffOn), Days = (long)w.DaysPastDue, Principal = w.Principal.ToMinor() },
                transaction,
                cancellationToken: ct));
        }

        await connection.ExecuteAsync(new CommandDefinition("DELETE FROM loan_servicing WHERE as_of = @date", new { date }, transaction, cancellationToken: ct));
        await connection.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO loan_servicing (as_of, loan_id, merchant_id, origin, product, status, days_past_due, bucket,
                principal_outstanding, interest_outstanding, penalty_accrued, penalty_outstanding, total_outstanding, disbursed_on, first_dpd30_on)
            VALUES (@AsOf, @LoanId, @MerchantId, @Origin, @Product, @Status, @DaysPastDue, @Bucket,
                @PrincipalOutstanding, @InterestOutstanding, @PenaltyAccrued, @PenaltyOutstanding, @TotalOutstanding, @DisbursedOn, @FirstDpd30On)
            """,
            rows,
            transaction,
            cancellationToken: ct));

        var summary = Summarize(date, rows);
        await connection.ExecuteAsync(new CommandDefinition("DELETE FROM portfolio_summary WHERE as_of = @date", new { date }, transaction, cancellationToken: ct));
        await connection.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO portfolio_summary (as_of, bucket, loans, principal_outstanding, total_outstanding)
            VALUES (@AsOf, @Bucket, @Loans, @PrincipalOutstanding, @TotalOutstanding)
            """,
            summary,
            transaction,
            cancellationToken: ct));
        await transaction.CommitAsync(ct);

        var open = summary.Sum(s => s.Loans);
        var late = summary.Where(s => s.Bucket != DelinquencyBucket.Current).Sum(s => s.Loans);
        return new JobOutcome(
            rows.Count + summary.Count + newWriteOffs.Count,
            string.Create(CultureInfo.InvariantCulture,
                $"Serviced {rows.Count} loans as of {date}: {open} open, {late} past due, {newWriteOffs.Count} newly written off; settlement sweep resolved {collected} pledges."));
    }

    private static List<SummaryRow> Summarize(string date, List<ServicingRow> rows)
    {
        var open = rows.Where(r => r.Status is not (ServicingRow.Repaid or ServicingRow.WrittenOff)).ToLookup(r => r.Bucket, StringComparer.Ordinal);
        return [.. DelinquencyBucket.All.Select(b => new SummaryRow(
            date,
            b,
            open[b].LongCount(),
            open[b].Sum(r => r.PrincipalOutstanding),
            open[b].Sum(r => r.TotalOutstanding)))];
    }

    private sealed record SummaryRow(string AsOf, string Bucket, long Loans, long PrincipalOutstanding, long TotalOutstanding);

    private sealed record ServicingRow(
        string AsOf,
        string LoanId,
        string MerchantId,
        string Origin,
        string Product,
        string Status,
        long DaysPastDue,
        string Bucket,
        long PrincipalOutstanding,
        long InterestOutstanding,
        long PenaltyAccrued,
        long PenaltyOutstanding,
        long TotalOutstanding,
        string DisbursedOn,
        string? FirstDpd30On)
    {
        public const string Repaid = "repaid";

        public const string WrittenOff = "written_off";

        public static ServicingRow Of(string date, BookLoan loan, LoanPosition position, bool writtenOff, DateOnly? firstDpd30)
        {
            var penaltyAccrued = Scoring.Money.Money.Zero;
            foreach (var installment in position.Installments)
            {
                penaltyAccrued += installment.PenaltyDue;
            }

            var status = position.Status == LoanStatus.Repaid ? Repaid : writtenOff ? WrittenOff : LoanStatuses.ToText(position.Status);
            return new ServicingRow(
                date,
                loan.LoanId,
                loan.MerchantId,
                loan.Origin,
                LoanProducts.ToText(loan.Product),
                status,
                position.DaysPastDue,
                DelinquencyBucket.Of(position.DaysPastDue),
                position.PrincipalOutstanding.ToMinor(),
                position.InterestOutstanding.ToMinor(),
                penaltyAccrued.ToMinor(),
                position.PenaltyOutstanding.ToMinor(),
                position.TotalOutstanding.ToMinor(),
                DbTime.ToDb(LoanSchedule.DateOf(loan.Terms.DisbursedAt)),
                firstDpd30 is { } day ? DbTime.ToDb(day) : null);
        }
    }
}
