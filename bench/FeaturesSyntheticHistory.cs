using Microcredit.Scoring.Features.History;

namespace Microcredit.Bench;

/// <summary>
/// Seeded synthetic history for the feature benchmarks: merchants with 50–350 orders each over
/// the two years before the as-of date (and a month after it), ~1/3 as many buyers as orders,
/// the usual order lifecycle mix, and two loans per merchant (a 3-installment credit loan and an
/// order loan) repaid on time, late or short. Rows are produced merchant by merchant, orders by
/// created_at, the order the loader reads them in. Same seed, same rows.
/// </summary>
internal sealed class FeaturesSyntheticHistory(int merchants, int meanOrders, int seed)
{
    public static readonly DateOnly AsOf = new(2025, 7, 1);

    private const long Day = Days.Ms;

    public int Merchants { get; } = merchants;

    public interface ISink
    {
        void Merchant(string id, long registeredAt);

        void Order(string id, string merchant, string buyer, long amount, long created, long? shipped, long? settled, long? refunded, long? refundAmount, long? disputed);

        void Loan(string id, string merchant, string product, long principal, long dailyRate, long disbursed, DateOnly maturity);

        void Installment(string loan, int seq, DateOnly due, long principal, long interest);

        void Repayment(string loan, long paidAt, long amount);
    }

    /// <summary>Feeds every row to <paramref name="sink"/>; merchants first, then orders, then loans.</summary>
    public void Generate(ISink sink)
    {
        var asOf = Days.Start(AsOf);
        var buyers = Enumerable.Range(0, 4096).Select(i => $"B{i:D5}").ToArray();
        var registered = new long[Merchants];
        for (var m = 0; m < Merchants; m++)
        {
            var random = new Random(Seed(m, 1));
            registered[m] = asOf - ((30 + random.NextInt64(1200)) * Day) + random.NextInt64(Day);
            sink.Merchant(MerchantId(m), registered[m]);
        }

        var created = new List<long>();
        long orderNumber = 0;
        for (var m = 0; m < Merchants; m++)
        {
            var random = new Random(Seed(m, 2));
            var merchant = MerchantId(m);
            var count = (meanOrders / 4) + random.Next(meanOrders * 3 / 2 + 1);
            var from = Math.Max(registered[m], asOf - (760 * Day));
            var to = asOf + (30 * Day);
            created.Clear();
            for (var i = 0; i < count; i++)
            {
                created.Add(from + random.NextInt64(to - from));
            }

            created.Sort();
            var buyerCount = Math.Max(1, Math.Min(buyers.Length, count / 3));
            foreach (var c in created)
            {
                var amount = 500 + random.NextInt64(50_000);
                long? shipped = null, settled = null, refunded = null, refundAmount = null, disputed = null;
                var roll = random.NextDouble();
                if (roll < 0.85)
                {
                    shipped = c + random.NextInt64(3 * Day);
                    if (roll < 0.75)
                    {
                        settled = shipped + Day + random.NextInt64(14 * Day);
                    }
                }

                if (settled is null && random.NextDouble() < 0.4)
                {
                    refunded = c + random.NextInt64(20 * Day);
                    refundAmount = 1 + random.NextInt64(amount);
                }

                if (random.NextDouble() < 0.03)
                {
                    disputed = c + random.NextInt64(10 * Day);
                }

                sink.Order($"O{orderNumber++:D9}", merchant, buyers[random.Next(buyerCount)], amount, c, shipped, settled, refunded, refundAmount, disputed);
            }
        }

        for (var m = 0; m < Merchants; m++)
        {
            var random = new Random(Seed(m, 3));
            var merchant = MerchantId(m);
            var span = asOf - registered[m] - Day;
            Loan(sink, random, $"{merchant}-C", merchant, "credit", registered[m] + Day + random.NextInt64(span), 3);
            Loan(sink, random, $"{merchant}-O", merchant, "order", registered[m] + Day + random.NextInt64(span), 1);
        }
    }

    private static void Loan(ISink sink, Random random, string loan, string merchant, string product, long disbursed, int installments)
    {
        var principal = 100_000 + random.NextInt64(1_000_000);
        var day = Days.Date(Days.Of(disbursed));
        var each = principal / installments;
        var maturity = day.AddDays(30 * installments);
        sink.Loan(loan, merchant, product, each * installments, 500, disbursed, maturity);
        var behaviour = random.NextDouble();
        for (var i = 1; i <= installments; i++)
        {
            var due = day.AddDays(30 * i);
            var interest = each * 15 / 1000;
            sink.Installment(loan, i, due, each, interest);
            var lateDays = behaviour < 0.8 ? random.Next(-5, 3) : behaviour < 0.93 ? random.Next(10, 45) : -1000;
            if (lateDays > -1000)
            {
                sink.Repayment(loan, Days.Start(due) + (lateDays * Day) + random.NextInt64(Day), each + interest);
            }
            else if (i == 1)
            {
                sink.Repayment(loan, Days.Start(due) + random.NextInt64(Day), (each + interest) / 2);
            }
        }
    }

    // Not HashCode.Combine: it is randomized per process, and the rows must not be.
    private int Seed(int merchant, int stream) => unchecked((seed * 1_000_003) + (merchant * 8) + stream);

    private static string MerchantId(int m) => $"M{m:D6}";

    /// <summary>Builds the history in memory.</summary>
    public sealed class BuilderSink(HistoryBuilder builder) : ISink
    {
        public void Merchant(string id, long registeredAt) => builder.AddMerchant(id, registeredAt);

        public void Order(string id, string merchant, string buyer, long amount, long created, long? shipped, long? settled, long? refunded, long? refundAmount, long? disputed) =>
            builder.AddOrder(merchant, buyer, amount, created, shipped, settled, refunded, refundAmount, disputed);

        public void Loan(string id, string merchant, string product, long principal, long dailyRate, long disbursed, DateOnly maturity) =>
            builder.AddLoan(id, merchant, LoanProducts.Parse(product), principal, dailyRate, disbursed, maturity);

        public void Installment(string loan, int seq, DateOnly due, long principal, long interest) => builder.AddInstallment(loan, seq, due, principal, interest);

        public void Repayment(string loan, long paidAt, long amount) => builder.AddRepayment(loan, paidAt, amount);
    }
}
