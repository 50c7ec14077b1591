using Microcredit.Scoring.Storage;
using Microsoft.Data.Sqlite;
using Npgsql;
using NpgsqlTypes;

namespace Microcredit.Bench;

/// <summary>
/// Bulk writers of the synthetic history into the 0001 tables, for the load figures only (the
/// product's import is `credit import`): SQLite through one prepared statement per table in one
/// transaction, PostgreSQL through binary COPY.
/// </summary>
internal static class FeaturesBenchSinks
{
    public sealed class Sqlite : FeaturesSyntheticHistory.ISink, IDisposable
    {
        private readonly SqliteConnection connection;
        private readonly SqliteTransaction transaction;
        private readonly SqliteCommand merchant, order, loan, installment, repayment;

        public Sqlite(Database database)
        {
            connection = (SqliteConnection)database.Open();
            transaction = connection.BeginTransaction();
            merchant = Prepare("INSERT INTO merchants (merchant_id, registered_at, category, region, kyc_verified) VALUES ($a, $b, 'apparel', 'Zhejiang', 1)", 2);
            order = Prepare("INSERT INTO orders (order_id, merchant_id, buyer_id, amount, created_at, shipped_at, settled_at, refunded_at, refund_amount, disputed_at) VALUES ($a, $b, $c, $d, $e, $f, $g, $h, $i, $j)", 10);
            loan = Prepare("INSERT INTO loans (loan_id, merchant_id, product, principal, daily_rate, disbursed_at, maturity_date) VALUES ($a, $b, $c, $d, $e, $f, $g)", 7);
            installment = Prepare("INSERT INTO installments (loan_id, seq, due_date, principal_due, interest_due) VALUES ($a, $b, $c, $d, $e)", 5);
            repayment = Prepare("INSERT INTO repayments (loan_id, paid_at, amount) VALUES ($a, $b, $c)", 3);
        }

        public void Merchant(string id, long registeredAt) => Run(merchant, id, registeredAt);

        public void Order(string id, string merchantId, string buyer, long amount, long created, long? shipped, long? settled, long? refunded, long? refundAmount, long? disputed) =>
            Run(order, id, merchantId, buyer, amount, created, shipped, settled, refunded, refundAmount, disputed);

        public void Loan(string id, string merchantId, string product, long principal, long dailyRate, long disbursed, DateOnly maturity) =>
            Run(loan, id, merchantId, product, principal, dailyRate, disbursed, DbTime.ToDb(maturity));

        public void Installment(string loanId, int seq, DateOnly due, long principal, long interest) => Run(installment, loanId, seq, DbTime.ToDb(due), principal, interest);

        public void Repayment(string loanId, long paidAt, long amount) => Run(repayment, loanId, paidAt, amount);

        public void Commit() => transaction.Commit();

        public void Dispose()
        {
            foreach (var c in new[] { merchant, order, loan, installment, repayment })
            {
                c.Dispose();
            }

            transaction.Dispose();
            connection.Dispose();
        }

        private SqliteCommand Prepare(string sql, int parameters)
        {
            var command = connection.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = sql;
            for (var i = 0; i < parameters; i++)
            {
                command.Parameters.Add(new SqliteParameter("$" + (char)('a' + i), null));
            }

            command.Prepare();
            return command;
        }

        private static void Run(SqliteCommand command, params object?[] values)
        {
            for (var i = 0; i < values.Length; i++)
            {
                command.Parameters[i].Value = values[i] ?? DBNull.Value;
            }

            command.ExecuteNonQuery();
        }
    }

    public sealed class Postgres(Database database) : FeaturesSyntheticHistory.ISink, IDisposable
    {
        private readonly NpgsqlConnection connection = (NpgsqlConnection)database.Open();
        private readonly List<(string, long)> merchants = [];
        private readonly List<(string, string, string, long, long, long, DateOnly)> loans = [];
        private readonly List<(string, int, DateOnly, long, long)> installments = [];
        private readonly List<(string, long, long)> repayments = [];
        private NpgsqlBinaryImporter? orders;

        public void Merchant(string id, long registeredAt) => merchants.Add((id, registeredAt));

        public void Order(string id, string merchantId, string buyer, long amount, long created, long? shipped, long? settled, long? refunded, long? refundAmount, long? disputed)
        {
            if (orders is null)
            {
                CopyMerchants();
                orders = connection.BeginBinaryImport("COPY orders (order_id, merchant_id, buyer_id, amount, created_at, shipped_at, settled_at, refunded_at, refund_amount, disputed_at) FROM STDIN (FORMAT BINARY)");
            }

            orders.StartRow();
            orders.Write(id, NpgsqlDbType.Text);
            orders.Write(merchantId, NpgsqlDbType.Text);
            orders.Write(buyer, NpgsqlDbType.Text);
            orders.Write(amount, NpgsqlDbType.Bigint);
            orders.Write(created, NpgsqlDbType.Bigint);
            foreach (var t in new[] { shipped, settled, refunded, refundAmount, disputed })
            {
                if (t is { } v)
                {
                    orders.Write(v, NpgsqlDbType.Bigint);
                }
                else
                {
                    orders.WriteNull();
                }
            }
        }

        public void Loan(string id, string merchantId, string product, long principal, long dailyRate, long disbursed, DateOnly maturity) =>
            loans.Add((id, merchantId, product, principal, dailyRate, disbursed, maturity));

        public void Installment(string loanId, int seq, DateOnly due, long principal, long interest) => installments.Add((loanId, seq, due, principal, interest));

        public void Repayment(string loanId, long paidAt, long amount) => repayments.Add((loanId, paidAt, amount));

        public void Complete()
        {
            if (orders is null)
            {
                CopyMerchants();
            }
            else
            {
                orders.Complete();
                orders.Dispose();
            }

            using (var w = connection.BeginBinaryImport("COPY loans (loan_id, merchant_id, product, principal, daily_rate, disbursed_at, maturity_date) FROM STDIN (FORMAT BINARY)"))
            {
                foreach (var (id, m, product, principal, rate, disbursed, maturity) in loans)
                {
                    w.WriteRow(id, m, product, principal, rate, disbursed, DbTime.ToDb(maturity));
                }

                w.Complete();
            }

            using (var w = connection.BeginBinaryImport("COPY installments (loan_id, seq, due_date, principal_due, interest_due) FROM STDIN (FORMAT BINARY)"))
            {
                foreach (var (id, seq, due, principal, interest) in installments)
                {
                    w.WriteRow(id, seq, DbTime.ToDb(due), principal, interest);
                }

                w.Complete();
            }

            using (var w = connection.BeginBinaryImport("COPY repayments (loan_id, paid_at, amount) FROM STDIN (FORMAT BINARY)"))
            {
                foreach (var (id, paidAt, amount) in repayments)
                {
                    w.WriteRow(id, paidAt, amount);
                }

                w.Complete();
            }

            using var analyze = new NpgsqlCommand("ANALYZE", connection);
            analyze.ExecuteNonQuery();
        }

        public void Dispose() => connection.Dispose();

        private void CopyMerchants()
        {
            using var w = connection.BeginBinaryImport("COPY merchants (merchant_id, registered_at, category, region, kyc_verified) FROM STDIN (FORMAT BINARY)");
            foreach (var (id, at) in merchants)
            {
                w.WriteRow(id, at, "apparel", "Zhejiang", (short)1);
            }

            w.Complete();
        }
    }
}
