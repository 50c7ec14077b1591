using System.Diagnostics;
using Microcredit.Scoring.Settlement;
using Microcredit.Scoring.Storage;

namespace Microcredit.Bench;

/// <summary>
/// Settlement scoring for the underwriting API: a synthetic merchant with 5,000 orders over a
/// year (800 buyers), 50 of them pending; the time to index its orders (what follows the one
/// query of <see cref="MerchantOrders.LoadAsync(System.Data.Common.DbConnection, string, CancellationToken)"/>)
/// and to score the 50 with models/settlement.json, median of repeated runs, and allocations.
/// </summary>
internal static class SettlementBench
{
    public const string Description = "Settlement model: index a 5,000-order merchant and score its 50 pending orders (µs, allocations)";

    public static Task<int> RunAsync(string[] args)
    {
        var path = args.Length > 0 ? args[0] : Path.Combine(BenchRepository.Root(), "models", "settlement.json");
        var model = SettlementModel.Load(path);
        var at = new DateTimeOffset(2026, 11, 1, 0, 0, 0, TimeSpan.Zero);
        var atMs = DbTime.ToDb(at);
        const long Day = 86_400_000;
        var random = new Random(1);
        var orders = new List<OrderRecord>();
        for (var i = 0; i < 5_000; i++)
        {
            var pending = i >= 4_950;
            var created = pending ? atMs - random.NextInt64(1, 10 * Day) : atMs - random.NextInt64(12 * Day, 365 * Day);
            var shipped = created + random.NextInt64(3_600_000, 2 * Day);
            if (pending)
            {
                shipped = Math.Min(shipped, atMs - 1);
            }

            var end = shipped + random.NextInt64(3 * Day, 10 * Day);
            var refunded = !pending && random.Next(12) == 0;
            orders.Add(new OrderRecord($"o{i:00000}", $"b{random.Next(800)}", 1_000 + random.NextInt64(100_000), created, shipped,
                pending || refunded ? null : end, refunded ? end : null, !pending && random.Next(50) == 0 ? end - Day : null));
        }

        var merchant = new MerchantProfile("m1", atMs - (700 * Day), "apparel", true);
        var indexed = MerchantOrders.Create(merchant, orders);
        var pendingIds = Enumerable.Range(0, indexed.Count).Where(i => indexed[i].IsPendingAt(atMs)).ToArray();
        Console.WriteLine($"model: {path} ({model.Artifact.Family}, {model.Artifact.Schema.Features.Count} inputs); merchant: {indexed.Count} orders, {pendingIds.Length} pending");

        var index = new List<double>();
        // 100 warm-up runs first, so the timed ones run tier-1 code.
        for (var run = 0; run < 200; run++)
        {
            var started = Stopwatch.GetTimestamp();
            indexed = MerchantOrders.Create(merchant, orders);
            if (run >= 100)
            {
                index.Add(Stopwatch.GetElapsedTime(started).TotalMicroseconds);
            }
        }

        double sink = 0;
        var score = new List<double>();
        var allocated = 0L;
        for (var run = 0; run < 2_000; run++)
        {
            var before = GC.GetAllocatedBytesForCurrentThread();
            var started = Stopwatch.GetTimestamp();
            foreach (var i in pendingIds)
            {
                sink += model.ProbabilityOfSettling(indexed, i, at);
            }

            var elapsed = Stopwatch.GetElapsedTime(started).TotalMicroseconds;
            if (run >= 100)
            {
                allocated += GC.GetAllocatedBytesForCurrentThread() - before;
            }

            score.Add(elapsed);
        }

        Console.WriteLine($"index 5,000 orders (MerchantOrders.Create): median {Median(index):0} µs over 100 runs after 100 warm-up runs");
        Console.WriteLine($"score {pendingIds.Length} pending orders: median {Median(score):0.0} µs over 2,000 runs ({Median(score) / pendingIds.Length:0.00} µs an order); allocated {allocated} bytes over 1,900 warm runs; mean P(settle) {sink / (2_000.0 * pendingIds.Length):0.0000}");
        return Task.FromResult(0);
    }

    private static double Median(List<double> values)
    {
        var sorted = values.Order().ToArray();
        return sorted[sorted.Length / 2];
    }
}
