using System.Data;
using System.Data.Common;
using Dapper;
using Microsoft.Data.Sqlite;
using Microcredit.Scoring.Storage;

namespace Microcredit.Scoring.Features.History;

/// <summary>
/// Reads the history tables into a <see cref="MerchantHistory"/>: one streaming (unbuffered)
/// Dapper query per table (the orders through Dapper's reader, column by column), in storage
/// order. The builder groups orders by merchant and sorts merchants ordinally in memory, so no
/// engine collation or sort is involved and SQLite and PostgreSQL give the same history.
/// </summary>
public static class HistoryLoader
{
    /// <summary>Loads everything; a few table scans, no per-merchant queries.</summary>
    public static MerchantHistory Load(Database database, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(database);
        using var connection = database.Open();
        // One read transaction, so an import committing meanwhile is seen entirely or not at all.
        // SQLite: deferred (BEGIN, a WAL read snapshot) so that writers are not blocked.
        using var transaction = connection is SqliteConnection sqlite
            ? sqlite.BeginTransaction(deferred: true)
            : connection.BeginTransaction(IsolationLevel.RepeatableRead);
        var orderCount = connection.ExecuteScalar<long>(new CommandDefinition("SELECT count(*) FROM orders", transaction: transaction, cancellationToken: cancellationToken));
        var builder = new HistoryBuilder(orderCount);
        foreach (var m in Stream<MerchantRow>(connection, transaction, "SELECT merchant_id AS MerchantId, registered_at AS RegisteredAt FROM merchants", cancellationToken))
        {
            builder.AddMerchant(m.MerchantId, m.RegisteredAt);
        }

        // The one big table: read typed columns straight off Dapper's reader, without a row object
        // and without boxing each value (Query<T> goes through GetValue). No ORDER BY: on SQLite an
        // index-ordered scan costs about three times the CPU of a table scan (a table seek per row),
        // and the builder groups rows by merchant in memory anyway.
        using (var orders = connection.ExecuteReader(new CommandDefinition(
            """
            SELECT merchant_id, buyer_id, amount, created_at, shipped_at, settled_at, refunded_at, refund_amount, disputed_at
            FROM orders
            """,
            transaction: transaction,
            commandTimeout: 0,
            cancellationToken: cancellationToken)))
        {
            while (orders.Read())
            {
                builder.AddOrder(
                    orders.GetString(0),
                    orders.GetString(1),
                    orders.GetInt64(2),
                    orders.GetInt64(3),
                    Nullable(orders, 4),
                    Nullable(orders, 5),
                    Nullable(orders, 6),
                    Nullable(orders, 7),
                    Nullable(orders, 8));
            }
        }

        foreach (var l in Stream<LoanRow>(
            connection,
            transaction,
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
            transaction,
            "SELECT loan_id AS LoanId, seq AS Seq, due_date AS DueDate, principal_due AS PrincipalDue, interest_due AS InterestDue FROM installments",
            cancellationToken))
        {
            builder.AddInstallment(i.LoanId, checked((int)i.Seq), DbTime.DateFromDb(i.DueDate), i.PrincipalDue, i.InterestDue);
        }

        foreach (var r in Stream<RepaymentRow>(connection, transaction, "SELECT loan_id AS LoanId, paid_at AS PaidAt, amount AS Amount FROM repayments", cancellationToken))
        {
            builder.AddRepayment(r.LoanId, r.PaidAt, r.Amount);
        }

        transaction.Commit();
        return builder.Build();
    }

    private static long? Nullable(System.Data.IDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetInt64(ordinal);

    private static IEnumerable<T> Stream<T>(DbConnection connection, DbTransaction transaction, string sql, CancellationToken cancellationToken) =>
        connection.Query<T>(new CommandDefinition(sql, transaction: transaction, flags: CommandFlags.None, commandTimeout: 0, cancellationToken: cancellationToken));

    // Rows as Dapper materializes them; properties are set by Dapper through reflection.
#pragma warning disable CA1812 // Instantiated by Dapper.
    private sealed class MerchantRow
    {
        public string MerchantId { get; set; } = "";

        public long RegisteredAt { get; set; }
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
