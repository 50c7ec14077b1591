using Dapper;
using Microcredit.Scoring.Features;
using Microcredit.Scoring.Storage;
using Microcredit.Tests;
using Microcredit.Underwriting.Dashboard.Reviews;

namespace Microcredit.Underwriting.Tests.Dashboard;

public class CaseQueriesTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 2, 10, 0, 0, TimeSpan.Zero);

    [Theory, Engines]
    public async Task Monthly_sales_count_gmv_in_the_month_paid_and_refunds_in_the_month_paid_back(DatabaseEngine engine)
    {
        await using var database = await TestDatabase.CreateAsync(engine);
        await using var connection = await database.Database.OpenAsync();
        static long At(int year, int month, int day) => DbTime.ToDb(new DateTimeOffset(year, month, day, 12, 0, 0, TimeSpan.Zero));
        await connection.ExecuteAsync(
            """
            INSERT INTO orders (order_id, merchant_id, buyer_id, amount, created_at, shipped_at, settled_at, refunded_at, refund_amount, disputed_at)
            VALUES (@id, @merchant, 'B', @amount, @created, NULL, NULL, @refunded, @refund, NULL)
            """,
            new[]
            {
                // Paid in September, refunded (30.00 of 50.00) in October.
                new { id = "O1", merchant = "M1", amount = 5_000L, created = At(2026, 9, 20), refunded = (long?)At(2026, 10, 3), refund = (long?)3_000L },
                new { id = "O2", merchant = "M1", amount = 12_000L, created = At(2026, 10, 1), refunded = (long?)null, refund = (long?)null },
                // Paid before the 24-month window (which starts 2024-12-01), refunded inside it.
                new { id = "O3", merchant = "M1", amount = 7_000L, created = At(2024, 11, 30), refunded = (long?)At(2024, 12, 2), refund = (long?)7_000L },
                // Another merchant's order, and one paid after "now".
                new { id = "O4", merchant = "M2", amount = 9_900L, created = At(2026, 10, 1), refunded = (long?)null, refund = (long?)null },
                new { id = "O5", merchant = "M1", amount = 1_000L, created = DbTime.ToDb(Now.AddHours(1)), refunded = (long?)null, refund = (long?)null },
            });

        var months = await CaseQueries.MonthlyAsync(connection, "M1", Now, CancellationToken.None);

        Assert.Equal(24, months.Count);
        Assert.Equal((new DateOnly(2024, 12, 1), new DateOnly(2026, 11, 1)), (months[0].Month, months[^1].Month));
        Assert.Equal((0L, 0L, 1L, 7_000L), Figures(months[0]));
        Assert.Equal((1L, 5_000L, 0L, 0L), Figures(months.Single(m => m.Month == new DateOnly(2026, 9, 1))));
        Assert.Equal((1L, 12_000L, 1L, 3_000L), Figures(months.Single(m => m.Month == new DateOnly(2026, 10, 1))));
        Assert.Equal((0L, 0L, 0L, 0L), Figures(months[^1]));
        Assert.Equal(17_000L, months.Sum(m => m.Gmv));

        static (long, long, long, long) Figures(MonthlySales m) => (m.Orders, m.Gmv, m.RefundedOrders, m.Refunds);
    }

    [Fact]
    public void A_snapshots_distribution_gives_interpolated_percentiles_and_mid_ranks_of_the_merchants_with_a_value()
    {
        // TENURE_DAYS of five merchants, one missing: sorted 10, 20, 20, 40. Every other feature is missing.
        var tenures = new[] { 20.0, double.NaN, 40, 10, 20 };
        var values = new double[tenures.Length * FeatureCatalog.Count];
        Array.Fill(values, double.NaN);
        for (var r = 0; r < tenures.Length; r++)
        {
            values[(r * FeatureCatalog.Count) + (int)FeatureId.TenureDays] = tenures[r];
        }

        var distribution = SnapshotDistribution.Of(new FeatureMatrix(new DateOnly(2026, 11, 1), ["A", "B", "C", "D", "E"], values), 1);

        // h = (n − 1)p over 4 values: p10 → 0.3: 10 + 0.3 × 10 = 13; p50 → 1.5: 20; p90 → 2.7: 20 + 0.7 × 20 = 34.
        Assert.Equal(13, distribution.Quantile(FeatureId.TenureDays, 0.10), 9);
        Assert.Equal(20, distribution.Quantile(FeatureId.TenureDays, 0.50), 9);
        Assert.Equal(34, distribution.Quantile(FeatureId.TenureDays, 0.90), 9);
        // Rank: (below + half the ties) / 4 × 100.
        Assert.Equal(50, distribution.Rank(FeatureId.TenureDays, 20));
        Assert.Equal(87.5, distribution.Rank(FeatureId.TenureDays, 40));
        Assert.Equal(0, distribution.Rank(FeatureId.TenureDays, 5));
        Assert.Equal(100, distribution.Rank(FeatureId.TenureDays, 41));
        Assert.Null(distribution.Rank(FeatureId.TenureDays, double.NaN));
        Assert.True(double.IsNaN(distribution.Quantile(FeatureId.Gmv30d, 0.5)));
        Assert.Null(distribution.Rank(FeatureId.Gmv30d, 1));
        Assert.Equal(5, distribution.Merchants);
    }
}
