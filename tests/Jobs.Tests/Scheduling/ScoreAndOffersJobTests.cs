using System.Globalization;
using Dapper;
using Microcredit.Jobs.Offers;
using Microcredit.Jobs.Scheduling;
using Microcredit.Scoring.Import;
using Microcredit.Scoring.Registry;
using Microcredit.Scoring.Storage;
using Microcredit.Tests;
using Microcredit.Underwriting.Offers;

namespace Microcredit.Jobs.Tests.Scheduling;

/// <summary>
/// The features and score-and-offers jobs on a hand-made history of three merchants, each selling
/// one 100.00 order a day from 2026-01-01 to 2026-07-20:
/// A steadily; B only every third day in June (06-01, 06-04 … 06-28: 10 orders); C with the orders
/// of 02-01..02-06 and 06-01..06-12 refunded the next day.
/// </summary>
public class ScoreAndOffersJobTests
{
    private static readonly DateOnly FirstRun = new(2026, 7, 1);
    private static readonly DateOnly SecondRun = new(2026, 7, 21);

    [Theory, Engines]
    public async Task EarlyWarning_FreezesOnGmvDropAndRefundSurge_AndLiftsItsFreezesWhenTheyClear(DatabaseEngine engine)
    {
        await using var test = await TestDatabase.CreateAsync(engine);
        await LoadHistoryAsync(test.Database);
        var runner = JobTestKit.Runner(test.Database);

        await RunAsync(runner, "features", FirstRun);
        var first = await RunAsync(runner, "score-and-offers", FirstRun);

        // At 2026-07-01 (windows [06-01, 07-01) and the prior [03-03, 06-01)):
        // A: 3000.00 against a monthly 9000.00 / 3 = 3000.00; no refunds: clear.
        // B: 10 orders = 1000.00 < 50% × 3000.00 = 1500.00: GMV drop.
        // C: 12 of 30 refunded (40.0%) > 2 × 18 of 180 (10.0%): refund surge; GMV 3000.00 is fine.
        Assert.Equal(3 + 2, first.Outcome!.Rows);
        var offers = await FreezesAsync(test.Database);
        Assert.Null(offers["A"].FrozenReason);
        Assert.Equal(
            "EARLY_WARNING: GMV_DROP: 30-day GMV 1000.00 is below 50% of the prior 90 days' monthly average 3000.00",
            offers["B"].FrozenReason);
        Assert.Equal(
            "EARLY_WARNING: REFUND_SURGE: 30-day refund rate 40.0% exceeds 2× the 180-day rate 10.0%",
            offers["C"].FrozenReason);
        Assert.Equal(DbTime.StartOf(FirstRun), offers["B"].FrozenAt);

        // Running the same date again writes the same rows: offers and freezes, instants included.
        var before = await OfferRowsAsync(test.Database);
        var again = await RunAsync(runner, "score-and-offers", FirstRun);
        Assert.Equal(3, again.Outcome!.Rows);
        Assert.Equal(before, await OfferRowsAsync(test.Database));

        // An officer's freeze is not the job's to lift.
        await using (var connection = await test.Database.OpenAsync())
        {
            Assert.True(await OfferStore.FreezeAsync(connection, null, "A", "officer: documents requested", DbTime.FromDb(DbTime.StartOf(FirstRun) + 1000)));
        }

        // At 2026-07-21 ([06-21, 07-21) and the prior [03-23, 06-21)):
        // B: 3 June + 20 July orders = 2300.00 ≥ 50% × (7000.00 + 700.00) / 3 = 1283.33: clear.
        // C: none of its last 30 orders refunded: clear.
        await RunAsync(runner, "features", SecondRun);
        var second = await RunAsync(runner, "score-and-offers", SecondRun);
        Assert.Equal(3 + 2, second.Outcome!.Rows);
        offers = await FreezesAsync(test.Database);
        Assert.Equal("officer: documents requested", offers["A"].FrozenReason);
        Assert.Null(offers["B"].FrozenReason);
        Assert.Null(offers["B"].FrozenAt);
        Assert.Null(offers["C"].FrozenReason);
    }

    [Fact]
    public void Reason_AppliesTheThresholdsAsConfigured()
    {
        var options = new ScoreAndOffersOptions { MinGmvShare = 0.5m, RefundMultiple = 2.0m, MinRefundOrders = 10 };
        // Exactly at the GMV threshold (1500.00 = 50% of 9000.00 / 3) is not below it.
        Assert.Null(EarlyWarning.Reason(Signals(gmv30: 150_000, prior: 900_000), options));
        Assert.StartsWith("EARLY_WARNING: GMV_DROP", EarlyWarning.Reason(Signals(gmv30: 149_999, prior: 900_000), options), StringComparison.Ordinal);
        // No sales in the prior 90 days: nothing to fall from.
        Assert.Null(EarlyWarning.Reason(Signals(gmv30: 0, prior: 0), options));
        // Exactly twice the 180-day rate (6/30 = 20% vs 18/180 = 10%) does not exceed it; 7/30 does.
        Assert.Null(EarlyWarning.Reason(Signals(orders30: 30, refunded30: 6, orders180: 180, refunded180: 18), options));
        Assert.StartsWith("EARLY_WARNING: REFUND_SURGE", EarlyWarning.Reason(Signals(orders30: 30, refunded30: 7, orders180: 180, refunded180: 18), options), StringComparison.Ordinal);
        // Too few recent orders to judge a rate.
        Assert.Null(EarlyWarning.Reason(Signals(orders30: 9, refunded30: 9, orders180: 180, refunded180: 18), options));
    }

    private static EarlyWarning.Signals Signals(long gmv30 = 300_000, long prior = 900_000, long orders30 = 30, long refunded30 = 0, long orders180 = 180, long refunded180 = 0) => new()
    {
        MerchantId = "M", Gmv30 = gmv30, GmvPrior90 = prior, Orders30 = orders30, Refunded30 = refunded30, Orders180 = orders180, Refunded180 = refunded180,
    };

    internal static async Task<JobRunner.Result> RunAsync(JobRunner runner, string job, DateOnly asOf)
    {
        var result = await runner.RunAsync(JobRegistry.Find(job)!, asOf, recovering: false, CancellationToken.None);
        Assert.True(result.Succeeded, $"{job}: {result.Error}");
        Assert.Equal(1, result.Attempts);
        return result;
    }

    /// <summary>Every column of every offer, in merchant order, as text.</summary>
    internal static async Task<List<string>> OfferRowsAsync(Database database)
    {
        await using var connection = await database.OpenAsync();
        var rows = await connection.QueryAsync(
            """
            SELECT merchant_id, as_of, model_id, policy_version, score, pd, risk_grade, action, credit_limit, daily_rate,
                   order_advance_rate, reasons, computed_at, valid_until, frozen_at, frozen_reason
            FROM offers ORDER BY merchant_id
            """);
        return [.. rows.Select(r => string.Join("|", ((IDictionary<string, object?>)r).Values.Select(v => Convert.ToString(v, CultureInfo.InvariantCulture))))];
    }

    private static async Task<Dictionary<string, (long? FrozenAt, string? FrozenReason)>> FreezesAsync(Database database)
    {
        await using var connection = await database.OpenAsync();
        var rows = await connection.QueryAsync<(string, long?, string?)>("SELECT merchant_id, frozen_at, frozen_reason FROM offers");
        return rows.ToDictionary(r => r.Item1, r => (r.Item2, r.Item3), StringComparer.Ordinal);
    }

    private static async Task LoadHistoryAsync(Database database)
    {
        var folder = Directory.CreateTempSubdirectory("microcredit-history").FullName;
        try
        {
            JobTestKit.WriteCsv(Path.Combine(folder, "merchants.csv"), JobTestKit.MerchantsHeader,
                ["A,2025-06-01T00:00:00Z,apparel,Zhejiang,true", "B,2025-06-01T00:00:00Z,toys,Jiangsu,true", "C,2025-06-01T00:00:00Z,books,Anhui,true"]);
            var orders = new List<string>();
            for (var day = new DateOnly(2026, 1, 1); day <= new DateOnly(2026, 7, 20); day = day.AddDays(1))
            {
                var created = JobTestKit.Instant(day);
                orders.Add($"A{day:yyyyMMdd},A,BA{day.DayOfYear % 40},100.00,{created},,,,,");
                var sparseJune = day.Month == 6 && (day.Day - 1) % 3 != 0;
                if (!sparseJune)
                {
                    orders.Add($"B{day:yyyyMMdd},B,BB{day.DayOfYear % 40},100.00,{created},,,,,");
                }

                var refunded = (day.Month == 2 && day.Day <= 6) || (day.Month == 6 && day.Day <= 12);
                orders.Add(refunded
                    ? $"C{day:yyyyMMdd},C,BC{day.DayOfYear % 40},100.00,{created},,,{JobTestKit.Instant(day.AddDays(1))},100.00,"
                    : $"C{day:yyyyMMdd},C,BC{day.DayOfYear % 40},100.00,{created},,,,,");
            }

            JobTestKit.WriteCsv(Path.Combine(folder, "orders.csv"), JobTestKit.OrdersHeader, orders);
            var result = await new Importer(database, TimeProvider.System).ImportAsync(folder);
            Assert.True(result.Succeeded, string.Join("\n", result.Errors));
            await ModelRegistry.SeedAsync(database, Path.Combine(JobTestKit.RepoRoot(), "models"), TimeProvider.System);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
