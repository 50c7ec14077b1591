using System.Data.Common;
using Dapper;
using Microcredit.Scoring.Features.History;
using Microcredit.Scoring.Money;
using Microcredit.Scoring.Storage;

namespace Microcredit.Scoring.Loans;

/// <summary>A stored loan with its schedule and payments, as servicing reads it.</summary>
internal sealed record StoredLoan(
    string LoanId,
    string MerchantId,
    string Origin,
    string? DecisionId,
    LoanTerms Terms,
    DateOnly MaturityDate,
    IReadOnlyList<ScheduledInstallment> Schedule,
    IReadOnlyList<LoanPayment> Payments)
{
    // The columns of LoanRow and InstallmentRow, for the one-loan and the many-loan reads (aliases l and i).
    private const string LoanColumns = """
        l.loan_id AS LoanId, l.merchant_id AS MerchantId, l.product AS Product, l.principal AS Principal, l.daily_rate AS DailyRate,
        l.disbursed_at AS DisbursedAt, l.maturity_date AS MaturityDate, l.origin AS Origin, l.decision_id AS DecisionId
        """;

    private const string InstallmentColumns =
        "i.loan_id AS LoanId, i.seq AS Seq, i.due_date AS DueDate, i.principal_due AS PrincipalDue, i.interest_due AS InterestDue";

    public ServicingRules Rules => ServicingRules.ForOrigin(Origin);

    public LoanPosition PositionAsOf(DateTimeOffset asOf) => LoanServicing.PositionAsOf(Terms, Rules, Schedule, Payments, asOf);

    /// <summary>Reads one loan; null when there is none with that id.</summary>
    public static async Task<StoredLoan?> LoadAsync(DbConnection connection, DbTransaction? transaction, string loanId, bool forUpdate, CancellationToken cancellationToken)
    {
        // FOR UPDATE (PostgreSQL) serializes payments on one loan: each checks the payoff left by the one before.
        // SQLite has one writer at a time already.
        var lockRow = forUpdate && connection is Npgsql.NpgsqlConnection ? " FOR UPDATE" : "";
        var row = await connection.QuerySingleOrDefaultAsync<LoanRow>(new CommandDefinition(
            $"SELECT {LoanColumns} FROM loans l WHERE l.loan_id = @loanId{lockRow}",
            new { loanId },
            transaction,
            cancellationToken: cancellationToken));
        if (row is null)
        {
            return null;
        }

        var installments = await connection.QueryAsync<InstallmentRow>(new CommandDefinition(
            $"SELECT {InstallmentColumns} FROM installments i WHERE i.loan_id = @loanId ORDER BY i.due_date, i.seq",
            new { loanId },
            transaction,
            cancellationToken: cancellationToken));
        var payments = await connection.QueryAsync<PaymentRow>(new CommandDefinition(
            "SELECT loan_id AS LoanId, paid_at AS PaidAt, amount AS Amount FROM repayments WHERE loan_id = @loanId ORDER BY paid_at, amount",
            new { loanId },
            transaction,
            cancellationToken: cancellationToken));
        return row.ToLoan([.. installments.Select(i => i.ToInstallment())], [.. payments.Select(p => p.ToPayment())]);
    }

    /// <summary>
    /// Every loan disbursed before <paramref name="asOf"/>, optionally of one merchant, with schedules
    /// and the payments made before <paramref name="asOf"/>: three ordered reads, joined in memory.
    /// </summary>
    public static async Task<List<StoredLoan>> LoadManyAsync(DbConnection connection, DbTransaction? transaction, string? merchantId, DateTimeOffset asOf, CancellationToken cancellationToken)
    {
        var filter = merchantId is null ? "" : " AND l.merchant_id = @merchantId";
        var parameters = new { merchantId, asOf = DbTime.ToDb(asOf) };
        var loans = await connection.QueryAsync<LoanRow>(new CommandDefinition(
            $"SELECT {LoanColumns} FROM loans l WHERE l.disbursed_at < @asOf{filter}",
            parameters,
            transaction,
            cancellationToken: cancellationToken));
        if (loans is ICollection<LoanRow> { Count: 0 })
        {
            return [];
        }

        var installments = (await connection.QueryAsync<InstallmentRow>(new CommandDefinition(
            $"SELECT {InstallmentColumns} FROM installments i JOIN loans l ON l.loan_id = i.loan_id WHERE l.disbursed_at < @asOf{filter}",
            parameters,
            transaction,
            cancellationToken: cancellationToken))).ToLookup(i => i.LoanId, StringComparer.Ordinal);
        var payments = (await connection.QueryAsync<PaymentRow>(new CommandDefinition(
            $"""
            SELECT r.loan_id AS LoanId, r.paid_at AS PaidAt, r.amount AS Amount
            FROM repayments r JOIN loans l ON l.loan_id = r.loan_id WHERE l.disbursed_at < @asOf AND r.paid_at < @asOf{filter}
            """,
            parameters,
            transaction,
            cancellationToken: cancellationToken))).ToLookup(p => p.LoanId, StringComparer.Ordinal);
        return [.. loans.Select(l => l.ToLoan(
            [.. installments[l.LoanId].Select(i => i.ToInstallment())],
            [.. payments[l.LoanId].Select(p => p.ToPayment())]))];
    }

    /// <summary>
    /// The three reads of <see cref="LoadManyAsync"/> for one merchant (parameters @merchantId and
    /// @asOf), to run in a batch of the caller's; <see cref="ReadManyAsync"/> reads their results.
    /// </summary>
    public static readonly string MerchantReadsSql = $"""
        SELECT {LoanColumns} FROM loans l WHERE l.disbursed_at < @asOf AND l.merchant_id = @merchantId;
        SELECT {InstallmentColumns} FROM installments i JOIN loans l ON l.loan_id = i.loan_id WHERE l.disbursed_at < @asOf AND l.merchant_id = @merchantId;
        SELECT r.loan_id AS LoanId, r.paid_at AS PaidAt, r.amount AS Amount
        FROM repayments r JOIN loans l ON l.loan_id = r.loan_id WHERE l.disbursed_at < @asOf AND r.paid_at < @asOf AND l.merchant_id = @merchantId
        """;

    /// <summary>The loans of <see cref="MerchantReadsSql"/>: reads its three results from the current one on, leaving the reader on the last.</summary>
    public static async Task<List<StoredLoan>> ReadManyAsync(DbDataReader reader, CancellationToken cancellationToken)
    {
        var loans = await RowsAsync<LoanRow>(reader, cancellationToken);
        await reader.NextResultAsync(cancellationToken);
        var installments = (await RowsAsync<InstallmentRow>(reader, cancellationToken)).ToLookup(i => i.LoanId, StringComparer.Ordinal);
        await reader.NextResultAsync(cancellationToken);
        var payments = (await RowsAsync<PaymentRow>(reader, cancellationToken)).ToLookup(p => p.LoanId, StringComparer.Ordinal);
        return [.. loans.Select(l => l.ToLoan(
            [.. installments[l.LoanId].Select(i => i.ToInstallment())],
            [.. payments[l.LoanId].Select(p => p.ToPayment())]))];
    }

    private static async Task<List<T>> RowsAsync<T>(DbDataReader reader, CancellationToken cancellationToken)
    {
        var rows = new List<T>();
        if (!reader.HasRows)
        {
            return rows;
        }

        var parse = reader.GetRowParser<T>();
        while (await reader.ReadAsync(cancellationToken))
        {
            rows.Add(parse(reader));
        }

        return rows;
    }

    private sealed class LoanRow
    {
        public string LoanId { get; set; } = "";

        public string MerchantId { get; set; } = "";

        public string Product { get; set; } = "";

        public long Principal { get; set; }

        public long DailyRate { get; set; }

        public long DisbursedAt { get; set; }

        public string MaturityDate { get; set; } = "";

        public string Origin { get; set; } = "";

        public string? DecisionId { get; set; }

        public StoredLoan ToLoan(IReadOnlyList<ScheduledInstallment> schedule, IReadOnlyList<LoanPayment> payments) => new(
            LoanId,
            MerchantId,
            Origin,
            DecisionId,
            new LoanTerms(LoanProducts.Parse(Product), Money.Money.FromMinor(Principal), Rate.FromMicros(DailyRate), DbTime.FromDb(DisbursedAt)),
            DbTime.DateFromDb(MaturityDate),
            schedule,
            payments);
    }

    private sealed class InstallmentRow
    {
        public string LoanId { get; set; } = "";

        public long Seq { get; set; }

        public string DueDate { get; set; } = "";

        public long PrincipalDue { get; set; }

        public long InterestDue { get; set; }

        public ScheduledInstallment ToInstallment() =>
            new(checked((int)Seq), DbTime.DateFromDb(DueDate), Money.Money.FromMinor(PrincipalDue), Money.Money.FromMinor(InterestDue));
    }

    private sealed class PaymentRow
    {
        public string LoanId { get; set; } = "";

        public long PaidAt { get; set; }

        public long Amount { get; set; }

        public LoanPayment ToPayment() => new(DbTime.FromDb(PaidAt), Money.Money.FromMinor(Amount));
    }
}
