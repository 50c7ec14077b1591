using System.Globalization;

namespace Microcredit.Scoring.Tests.Features;

/// <summary>Seeded random histories over 2023-06 … 2025-12, valid per docs/data-format.md.</summary>
internal static class RandomHistory
{
    public static readonly DateTimeOffset Start = new(2023, 6, 1, 0, 0, 0, TimeSpan.Zero);

    private const long Day = 86_400_000;

    public static HistoryRows Create(int seed, int merchants = 8, int maxOrders = 120)
    {
        var random = new Random(seed);
        var rows = new HistoryRows();
        var startMs = Start.ToUnixTimeMilliseconds();
        var spanMs = 900 * Day;
        for (var m = 0; m < merchants; m++)
        {
            var merchant = $"m{m:00}";
            var registered = startMs + random.NextInt64(spanMs / 2);
            rows.Merchants.Add(new HistoryRows.MerchantRow(merchant, registered));
            var buyers = 1 + random.Next(12);
            var orders = random.Next(maxOrders);
            for (var o = 0; o < orders; o++)
            {
                var created = registered + random.NextInt64(startMs + spanMs - registered);
                var amount = 100 + random.NextInt64(50_000);
                long? shipped = null, settled = null, refunded = null, refundAmount = null, disputed = null;
                if (random.NextDouble() < 0.8)
                {
                    shipped = created + random.NextInt64(3 * Day);
                    if (random.NextDouble() < 0.75)
                    {
                        settled = shipped + random.NextInt64(20 * Day);
                    }
                }

                if (settled is null && random.NextDouble() < 0.3)
                {
                    refunded = created + random.NextInt64(40 * Day);
                    refundAmount = 1 + random.NextInt64(amount);
                }

                if (random.NextDouble() < 0.1)
                {
                    disputed = created + random.NextInt64(30 * Day);
                }

                rows.Orders.Add(new HistoryRows.OrderRow($"{merchant}-o{o}", merchant, $"b{random.Next(buyers)}", amount, created, shipped, settled, refunded, refundAmount, disputed));
            }

            var loans = random.Next(4);
            for (var l = 0; l < loans; l++)
            {
                AddLoan(rows, random, $"{merchant}-L{l}", merchant, registered + random.NextInt64(startMs + spanMs - registered));
            }
        }

        return rows;
    }

    private static void AddLoan(HistoryRows rows, Random random, string loan, string merchant, long disbursed)
    {
        var credit = random.NextDouble() < 0.5;
        var installments = credit ? 1 + random.Next(6) : 1;
        var firstDue = DateOnly.FromDateTime(DateTimeOffset.FromUnixTimeMilliseconds(disbursed).UtcDateTime).AddDays(credit ? 30 : 15 + random.Next(45));
        long principal = 0, total = 0;
        for (var i = 0; i < installments; i++)
        {
            var p = 1_000 + random.NextInt64(100_000);
            var interest = random.NextInt64(5_000);
            principal += p;
            total += p + interest;
            rows.Installments.Add(new HistoryRows.InstallmentRow(loan, i + 1, Date(firstDue.AddDays(30 * i)), p, interest));
        }

        var maturity = firstDue.AddDays(30 * (installments - 1));
        rows.Loans.Add(new HistoryRows.LoanRow(loan, merchant, credit ? "credit" : "order", principal, 500, disbursed, Date(maturity)));
        var paid = 0L;
        var at = disbursed;
        var payments = random.Next(8);
        for (var p = 0; p < payments && paid < total; p++)
        {
            at += 1 + random.NextInt64(50 * Day);
            var amount = 1 + random.NextInt64(Math.Max(1, total / 2));
            rows.Repayments.Add(new HistoryRows.RepaymentRow(loan, at, amount));
            paid += amount;
        }
    }

    private static string Date(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
