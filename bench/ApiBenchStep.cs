using System.Diagnostics;
using System.Globalization;

namespace Microcredit.Bench;

/// <summary>
/// One step of the <c>api</c> bench (and of <c>reliability</c>'s load phase): a fixed offered rate
/// against a running service, printed with latency, statuses, CPU per request and the durability
/// check (the scenario's rows grew by exactly the 2xx responses).
/// </summary>
internal sealed class ApiBenchStep(
    string name, ApiScenario scenario, string setting, ApiBenchService service, HttpClient client, ApiBenchTarget target, string run, int seconds, int warmup, double maxP99Ms, RawHttpPool? raw = null, bool printStalls = false)
{
    public const string TableHeader =
        """
        | engine | offered/s | achieved/s | p50 ms | p90 ms | p99 ms | p99.9 ms | max ms | errors | durable rows = 2xx | load avg |
        |---|---:|---:|---:|---:|---:|---:|---:|---:|---|---|
        """;

    /// <summary>Offers <paramref name="rate"/>/s; <paramref name="observe"/> sees each exchange.</summary>
    public async Task<ApiStepResult> RunAsync(int rate, Func<ApiExchange, Task>? observe = null)
    {
        var before = scenario.CountSql is null ? 0 : await ApiBenchDatabase.CountAsync(setting, scenario.CountSql);
        var loadBefore = ApiBench.LoadAverage();
        var serviceCpu = service.CpuTime;
        var postgres = setting.Contains("Host=", StringComparison.OrdinalIgnoreCase);
        var backendsBefore = postgres ? await ApiBenchPostgres.BackendCpuAsync(setting) : [];
        var benchCpu = Process.GetCurrentProcess().TotalProcessorTime;
        var clock = Stopwatch.StartNew();
        // Each step's requests get Idempotency-Keys of their own.
        var offset = (long)rate * 1_000_000_000L;
        var result = await ApiBenchLoad.RunAsync(client, i => scenario.Build(target, run, offset + i), rate, TimeSpan.FromSeconds(warmup), TimeSpan.FromSeconds(seconds), observe, raw: raw);
        var wall = clock.Elapsed;
        var loadAfter = ApiBench.LoadAverage();
        var sent = Math.Max(1, result.Sent);
        var serviceMs = (service.CpuTime - serviceCpu).TotalMilliseconds / sent;
        var benchMs = (Process.GetCurrentProcess().TotalProcessorTime - benchCpu).TotalMilliseconds / sent;
        var backendsAfter = postgres ? await ApiBenchPostgres.BackendCpuAsync(setting) : [];
        var backendMs = backendsAfter.Sum(b => b.Value - backendsBefore.GetValueOrDefault(b.Key)) / sent;
        var after = scenario.CountSql is null ? result.Succeeded : await ApiBenchDatabase.CountAsync(setting, scenario.CountSql);
        var durable = after - before == result.Succeeded;

        var statuses = string.Join(" ", result.ByStatus.OrderBy(s => s.Key).Select(s => $"{s.Key}:{s.Value:N0}"));
        var failures = result.Failures.Count == 0 ? "" : " failures " + string.Join(" ", result.Failures.Select(f => $"{f.Key}:{f.Value:N0}"));
        Console.WriteLine($"{name} {rate:N0}/s for {seconds} s (+{warmup} s warm-up, {wall.TotalSeconds:F1} s wall); load average {loadBefore} -> {loadAfter}");
        Console.WriteLine($"  measured {result.Count:N0}, achieved {result.AchievedRate:N1}/s; statuses (incl. warm-up) {statuses}{failures}");
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  latency ms  p50 {result.Percentile(50):F2}  p90 {result.Percentile(90):F2}  p99 {result.Percentile(99):F2}  p99.9 {result.Percentile(99.9):F2}  max {result.Percentile(100):F2}   (generator send lateness p99 {ApiLoadResult.Percentile(result.LatenessMs, 99):F2}, max {ApiLoadResult.Percentile(result.LatenessMs, 100):F2}; 100 ms windows with a request over {ApiStalls.SlowMs:F0} ms: {result.Stalls.Slow:N0} of {result.Stalls.Windows:N0})"));
        if (printStalls)
        {
            foreach (var window in result.Stalls.SlowWindows)
            {
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  slow window from {window.From:HH:mm:ss.fff} UTC: worst {window.WorstMs:F1} ms"));
            }
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  CPU per request: service {serviceMs:F3} ms, bench {benchMs:F3} ms{(postgres ? $", PostgreSQL backends {backendMs:F3} ms (clock ticks of 10 ms)" : "")}"));
        Console.WriteLine(scenario.CountSql is null ? "  durable: nothing to check (a read)" : $"  durable: {scenario.CountSql}: {before:N0} -> {after:N0} (+{after - before:N0}) vs {result.Succeeded:N0} 2xx responses: {(durable ? "equal" : "MISMATCH")}");

        var sustained = durable && result.Errors == 0 && result.AchievedRate >= 0.98 * rate && result.Percentile(99) <= maxP99Ms;
        var row = string.Create(CultureInfo.InvariantCulture,
            $"| {name} | {rate:N0} | {result.AchievedRate:N0} | {result.Percentile(50):F2} | {result.Percentile(90):F2} | {result.Percentile(99):F2} | {result.Percentile(99.9):F2} | {result.Percentile(100):F1} | {result.Errors:N0} | {(durable ? "yes" : "**no**")} ({after - before:N0}) | {loadBefore} -> {loadAfter} |");
        return new ApiStepResult(result, sustained, durable, row);
    }
}

/// <summary>A step's measurements; sustained = durable, no errors, achieved ≥ 98 % of offered and p99 within the bound.</summary>
internal sealed record ApiStepResult(ApiLoadResult Result, bool Sustained, bool Durable, string Row);
