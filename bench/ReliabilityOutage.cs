using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;

namespace Microcredit.Bench;

/// <summary>
/// Database loss: PostgreSQL stopped (pg_ctl stop -m fast) under load and started again. Requests
/// due while it is down must get a 503 problem+json within 1 s (no wait on connection time-outs);
/// the service must serve 2xx again by itself within 5 s of the server's return; every request is
/// answered, and every 2xx is durable.
/// </summary>
internal static class ReliabilityOutage
{
    private const double AnswerWithinMs = 1_000;

    private const double RecoverWithinSeconds = 5;

    public static async Task RunAsync(ReliabilityRun run, ReliabilityEngine engine)
    {
        var plan = run.Plan;
        var cluster = engine.Cluster!;
        var scenario = ApiBenchScenarios.All["credit-decisions"];
        var warm = await run.CreateKeyAsync(engine, "reliability-outage-warm-up");
        var target = await run.CreateKeyAsync(engine, "reliability-outage");
        await using var service = await run.StartServiceAsync(engine);
        using var client = ApiBenchLoad.Client(service.Address, 256);
        await ApiBenchLoad.RunAsync(client, i => scenario.Build(warm, "outage-warm", i), plan.OutageRate, TimeSpan.Zero, TimeSpan.FromSeconds(3));

        var exchanges = new ConcurrentBag<(long Due, long End, int Status, string? Type, bool RetryAfter)>();
        var load = ApiBenchLoad.RunAsync(client, i => scenario.Build(target, "outage", i), plan.OutageRate, TimeSpan.Zero, TimeSpan.FromSeconds(plan.OutageBefore + plan.OutageDown + plan.OutageAfter),
            async exchange =>
            {
                string? type = null;
                if (exchange.Response is { } response && exchange.Status is < 200 or >= 300 && response.Content.Headers.ContentType?.MediaType == "application/problem+json")
                {
                    using var document = System.Text.Json.JsonDocument.Parse(await response.Content.ReadAsByteArrayAsync());
                    type = document.RootElement.TryGetProperty("type", out var t) ? t.GetString()?.Split('#')[^1] : null;
                }

                exchanges.Add((exchange.Due, exchange.End, exchange.Failure is null ? exchange.Status : -1, type, exchange.Response?.Headers.RetryAfter is not null));
            });
        await Task.Delay(TimeSpan.FromSeconds(plan.OutageBefore));
        var stopping = Stopwatch.GetTimestamp();
        await cluster.DownAsync();
        var down = Stopwatch.GetTimestamp();
        await Task.Delay(TimeSpan.FromSeconds(plan.OutageDown));
        var starting = Stopwatch.GetTimestamp();
        await cluster.UpAsync();
        var up = Stopwatch.GetTimestamp();
        var result = await load;

        var all = exchanges.OrderBy(e => e.Due).ToList();
        double Ms(long ticks) => ticks * 1000.0 / Stopwatch.Frequency;
        var during = all.Where(e => e.Due >= down && e.Due < starting).ToList();
        var answered503 = during.Count(e => e.Status == 503 && e.Type == "unavailable" && e.RetryAfter);
        var slowest = during.Count == 0 ? 0 : during.Max(e => Ms(e.End - e.Due));
        run.Report.Check("database loss", engine.Name, "PostgreSQL stopped under load: every request due while it is down gets 503 problem+json (unavailable, Retry-After) within 1 s",
            during.Count > 0 && answered503 == during.Count && slowest <= AnswerWithinMs,
            string.Create(CultureInfo.InvariantCulture,
                $"{during.Count:N0} requests due during {Ms(starting - down) / 1000:F1} s down at {plan.OutageRate}/s: {answered503:N0} × 503 unavailable; slowest answer {slowest:F0} ms; pg_ctl stop took {Ms(down - stopping):F0} ms, start {Ms(up - starting):F0} ms"));

        // Recovered: from the first 2xx after which every later request is a 2xx.
        var lastFailure = all.FindLastIndex(e => e.Status is < 200 or >= 300);
        var recoveredAt = lastFailure + 1 < all.Count ? all[lastFailure + 1].End : (long?)null;
        var recovery = recoveredAt is { } at ? Math.Max(0, Ms(at - up)) / 1000 : double.PositiveInfinity;
        var unanswered = all.Count(e => e.Status == -1);
        var hung = all.Count(e => Ms(e.End - e.Due) > ReliabilityLoad.HangMs);
        run.Report.Check("database loss", engine.Name, "the service recovers by itself within 5 s of the database's return; every request answered, none hung",
            recovery <= RecoverWithinSeconds && unanswered == 0 && hung == 0,
            string.Create(CultureInfo.InvariantCulture, $"2xx again {recovery:F2} s after pg_ctl start returned; {unanswered} unanswered, {hung} slower than {ReliabilityLoad.HangMs / 1000:F0} s"));

        var stored = await ReliabilityRun.CountAsync(engine, "SELECT count(*) FROM decisions WHERE api_key_id = @key", new { key = target.KeyId });
        var ok = all.Count(e => e.Status is >= 200 and < 300);
        // More rows than 2xx would be commits whose answer the outage cut off (a retry with the same Idempotency-Key replays them).
        run.Report.Check("database loss", engine.Name, "every 2xx of the outage run is stored", stored >= ok, $"{ok:N0} 2xx, {stored:N0} decisions under the run's key");
    }
}
