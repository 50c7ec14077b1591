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

        // The one big table. No ORDER BY: an index-ordered scan costs several times the CPU of a
        // table scan (a table seek per row), and the builder groups rows by merchant in memory.
        if (connection is SqliteConnection sqliteConnection)
        {
            LoadOrdersSqlite(sqliteConnection, builder, cancellationToken);
        }
        else
        {
            LoadOrdersReader(connection, transaction, builder, cancellationToken);
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

    private const string OrdersSql = "SELECT merchant_id, buyer_id, amount, created_at, shipped_at, settled_at, refunded_at, refund_amount, disputed_at FROM orders";

    // Ids are at most 64 characters when imported; longer ones take the allocating path.
    private const int IdBuffer = 256;

    /// <summary>
    /// SQLite: steps the statement through SQLitePCLRaw on the connection's handle (inside its
    /// read transaction) and decodes ids from the row's UTF-8, which is about a third of the CPU of
    /// a data reader that makes two strings a row. Reading and building are a two-stage pipeline:
    /// this thread steps and decodes into batches, another adds them to the builder in order, so
    /// the two cores share the work and the history is the same as one thread would build.
    /// </summary>
    private static void LoadOrdersSqlite(SqliteConnection connection, HistoryBuilder builder, CancellationToken cancellationToken)
    {
        var db = connection.Handle!;
        var rc = SQLitePCL.raw.sqlite3_prepare_v2(db, OrdersSql, out var statement);
        if (rc != SQLitePCL.raw.SQLITE_OK)
        {
            throw new SqliteException(SQLitePCL.raw.sqlite3_errmsg(db).utf8_to_string(), rc);
        }

        using (statement)
        using (var pipeline = new OrderPipeline(builder, cancellationToken))
        {
            rc = pipeline.Run(p => Read(statement.DangerousGetHandle(), p));
        }

        if (rc != SQLitePCL.raw.SQLITE_DONE)
        {
            throw new SqliteException(SQLitePCL.raw.sqlite3_errmsg(db).utf8_to_string(), rc);
        }
    }

    /// <summary>Steps <paramref name="handle"/> to the end, handing full batches on; returns the last step's code.</summary>
    private static int Read(nint handle, OrderPipeline pipeline)
    {
        int rc;
        var batch = pipeline.Take();
        while ((rc = UnsafeNativeMethods.sqlite3_step(handle)) == SQLitePCL.raw.SQLITE_ROW)
        {
            if (batch.Count == OrderBatch.Rows || batch.CharCount + (2 * IdBuffer) > batch.Chars.Length)
            {
                pipeline.Hand(batch);
                batch = pipeline.Take();
            }

            var i = batch.Count;
            var chars = batch.Chars.AsSpan();
            batch.CharCount += Text(handle, 0, chars[batch.CharCount..]);
            batch.MerchantEnd[i] = batch.CharCount;
            batch.CharCount += Text(handle, 1, chars[batch.CharCount..]);
            batch.BuyerEnd[i] = batch.CharCount;
            var values = batch.Values.AsSpan(i * 7, 7);
            values[0] = UnsafeNativeMethods.sqlite3_column_int64(handle, 2);
            values[1] = UnsafeNativeMethods.sqlite3_column_int64(handle, 3);
            for (var c = 4; c <= 8; c++)
            {
                values[c - 2] = UnsafeNativeMethods.sqlite3_column_type(handle, c) == SQLitePCL.raw.SQLITE_NULL ? OrderBatch.None : UnsafeNativeMethods.sqlite3_column_int64(handle, c);
            }

            batch.Count = i + 1;
        }

        pipeline.Hand(batch);
        return rc;
    }

    /// <summary>PostgreSQL: typed columns off the reader into batches, built on a second thread as on SQLite.</summary>
    private static void LoadOrdersReader(DbConnection connection, DbTransaction transaction, HistoryBuilder builder, CancellationToken cancellationToken)
    {
        using var orders = connection.ExecuteReader(new CommandDefinition(OrdersSql, transaction: transaction, commandTimeout: 0, cancellationToken: cancellationToken));
        using var pipeline = new OrderPipeline(builder, cancellationToken);
        pipeline.Run(p =>
        {
            var batch = p.Take();
            while (orders.Read())
            {
                if (batch.Count == OrderBatch.Rows || batch.CharCount + (2 * IdBuffer) > batch.Chars.Length)
                {
                    p.Hand(batch);
                    batch = p.Take();
                }

                var i = batch.Count;
                batch.CharCount += Text(orders, 0, batch.Chars, batch.CharCount);
                batch.MerchantEnd[i] = batch.CharCount;
                batch.CharCount += Text(orders, 1, batch.Chars, batch.CharCount);
                batch.BuyerEnd[i] = batch.CharCount;
                var values = batch.Values.AsSpan(i * 7, 7);
                values[0] = orders.GetInt64(2);
                values[1] = orders.GetInt64(3);
                for (var c = 4; c <= 8; c++)
                {
                    values[c - 2] = orders.IsDBNull(c) ? OrderBatch.None : orders.GetInt64(c);
                }

                batch.Count = i + 1;
            }

            p.Hand(batch);
            return 0;
        });
    }

    /// <summary>Decodes a TEXT column into <paramref name="buffer"/> (room for <see cref="IdBuffer"/> characters); returns its length.</summary>
    private static unsafe int Text(nint statement, int column, Span<char> buffer)
    {
        // For a TEXT value, sqlite3_column_blob gives its UTF-8 bytes (then _bytes their length) without a copy.
        var bytes = new ReadOnlySpan<byte>(UnsafeNativeMethods.sqlite3_column_blob(statement, column), UnsafeNativeMethods.sqlite3_column_bytes(statement, column));
        return bytes.Length <= IdBuffer
            ? System.Text.Encoding.UTF8.GetChars(bytes, buffer)
            : throw new InvalidDataException($"An id of {bytes.Length} bytes in orders; imported ids have at most 64 characters.");
    }

    /// <summary>Copies a text column into <paramref name="buffer"/> at <paramref name="at"/> without making a string; returns its length.</summary>
    private static int Text(IDataReader reader, int ordinal, char[] buffer, int at)
    {
        var length = (int)reader.GetChars(ordinal, 0, buffer, at, IdBuffer);
        return length < IdBuffer
            ? length
            : throw new InvalidDataException($"An id of {IdBuffer} or more characters in orders; imported ids have at most 64 characters.");
    }

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
