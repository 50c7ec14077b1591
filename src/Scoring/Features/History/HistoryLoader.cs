using System.Data.Common;
using Dapper;
using Microcredit.Scoring.Storage;

namespace Microcredit.Scoring.Features.History;

/// <summary>
/// Reads the history tables into a <see cref="MerchantHistory"/>: one streaming (unbuffered)
/// Dapper query per table, orders ordered by merchant so that each merchant's orders arrive
/// together. Only contiguity is relied on, not the engine's text collation: merchants are
/// re-sorted ordinally in memory, so SQLite and PostgreSQL give the same history.
/// </summary>
public static class HistoryLoader
{
    /// <summary>Loads everything; a few table scans, no per-merchant queries.</summary>
    public static MerchantHistory Load(Database database, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(database);
        using var connection = database.Open();
        var orderCount = connection.ExecuteScalar<long>(new CommandDefinition("SELECT count(*) FROM orders", cancellationToken: cancellationToken));
        var builder = new HistoryBuilder(orderCount);
        foreach (var m in Stream<MerchantRow>(connection, "SELECT merchant_id AS MerchantId, registered_at AS RegisteredAt FROM merchants", cancellationToken))
        {
            builder.AddMerchant(m.MerchantId, m.RegisteredAt);
        }

        foreach (var o in Stream<OrderRow>(
            connection,
            """
            SELECT merchant_id AS MerchantId, buyer_id AS BuyerId, amount AS Amount, created_at AS CreatedAt,
                   shipped_at AS ShippedAt, settled_at AS SettledAt, refunded_at AS RefundedAt,
                   refund_amount AS RefundAmount, disputed_at AS DisputedAt
            FROM orders
            ORDER BY merchant_id, created_at
            """,
            cancellationToken))
        {
            builder.AddOrder(o.MerchantId, o.BuyerId, o.Amount, o.CreatedAt, o.ShippedAt, o.SettledAt, o.RefundedAt, o.RefundAmount, o.DisputedAt);
        }

        foreach (var l in Stream<LoanRow>(
            connection,
            """
            SELECT loan_id AS LoanId, merchant_id AS MerchantId, product AS Product, principal AS Principal,
                   daily_rate AS DailyRate, disbursed_at AS DisbursedAt, maturity_date AS MaturityDate
            FROM loans
            """,
            cancellationToken))
        {
            builder.AddLoan(l.LoanId, l.MerchantId, LoanProducts.Parse(l.Product), l.Principal, l.DailyRate, l.DisbursedAt, DbTime.DateFromDb(l.MaturityDate));
        }

        foreach (var i in Stream<InstallmentRow>(
            connection,
            "SELECT loan_id AS LoanId, seq AS Seq, due_date AS DueDate, principal_due AS PrincipalDue, interest_due AS InterestDue FROM installments",
            cancellationToken))
        {
            builder.AddInstallment(i.LoanId, checked((int)i.Seq), DbTime.DateFromDb(i.DueDate), i.PrincipalDue, i.InterestDue);
        }

        foreach (var r in Stream<RepaymentRow>(connection, "SELECT loan_id AS LoanId, paid_at AS PaidAt, amount AS Amount FROM repayments", cancellationToken))
        {
            builder.AddRepayment(r.LoanId, r.PaidAt, r.Amount);
        }

        return builder.Build();
    }

    private static IEnumerable<T> Stream<T>(DbConnection connection, string sql, CancellationToken cancellationToken) =>
        connection.Query<T>(new CommandDefinition(sql, flags: CommandFlags.None, commandTimeout: 0, cancellationToken: cancellationToken));

    // Rows as Dapper materializes them; properties are set by Dapper through reflection.
#pragma warning disable CA1812 // Instantiated by Dapper.
    private sealed class MerchantRow
    {
        public string MerchantId { get; set; } = "";

        public long RegisteredAt { get; set; }
    }

    private sealed class OrderRow
    {
        public string MerchantId { get; set; } = "";

        public string BuyerId { get; set; } = "";

        public long Amount { get; set; }

        public long CreatedAt { get; set; }

        public long? ShippedAt { get; set; }

        public long? SettledAt { get; set; }

        public long? RefundedAt { get; set; }

        public long? RefundAmount { get; set; }

        public long? DisputedAt { get; set; }
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
    }

    private sealed class InstallmentRow
    {
        public string LoanId { get; set; } = "";

        public long Seq { get; set; }

        public string DueDate { get; set; } = "";

        public long PrincipalDue { get; set; }

        public long InterestDue { get; set; }
    }

    private sealed class RepaymentRow
    {
        public string LoanId { get; set; } = "";

        public long PaidAt { get; set; }

        public long Amount { get; set; }
    }
#pragma warning restore CA1812
}
