using System.Diagnostics;
using System.Globalization;
using Microcredit.Scoring.Storage;

namespace Microcredit.Bench;

/// <summary>
/// `api`: the underwriting service as a real process over loopback, driven open-loop at a fixed
/// rate (or stepped up with --find-max), on SQLite and PostgreSQL. Prints latency percentiles
/// measured at the client from each request's scheduled time, and checks that the database holds
/// exactly one committed row per 2xx response.
/// </summary>
internal static class ApiBench
{
    public const string Description = "Underwriting API over loopback: open-loop decisions/s, client p50-p99.9, --find-max, durable row check; SQLite and PostgreSQL";

    private const string Usage =
        """
        usage: bench api [--engine sqlite|postgres|both] [--rate N] [--seconds S] [--warmup S] [--find-max] [--step N] [--max-p99 MS]
                         [--postgres CONN] [--reuse] [--scenario NAME] [--connections N] [--perf-map] [--no-build] [--service-warmup S] [--service-env NAME=VALUE]...
        """;

    public static async Task<int> RunAsync(string[] args)
    {
        var options = ApiBenchOptions.Parse(args);
        if (options is null || !ApiBenchScenarios.All.TryGetValue(options.Scenario, out var scenario))
        {
            await Console.Error.WriteLineAsync(Usage + "scenarios: " + string.Join(", ", ApiBenchScenarios.All.Keys));
            return 2;
        }

        var repository = BenchRepository.Root();
        var root = Path.Combine(Path.GetTempPath(), "microcredit-api-bench");
        Directory.CreateDirectory(root);
        var assembly = Path.Combine(repository, "src", "Underwriting", "bin", "Release", "net10.0", "Microcredit.Underwriting.dll");
        if (!options.NoBuild)
        {
            assembly = ApiBenchService.Build(repository);
        }

        Console.WriteLine($"api bench: {scenario.Description}; {Environment.ProcessorCount} cores; load average {LoadAverage()}");
        var rows = new List<string>();
        foreach (var engine in options.Engines)
        {
            var setting = engine == DatabaseEngine.Sqlite
                ? Path.Combine(root, "api.db")
                : await ApiBenchPostgres.SchemaAsync(options.Postgres, "api_bench", drop: !options.Reuse);
            if (!options.Reuse && engine == DatabaseEngine.Sqlite)
            {
                BenchRepository.DeleteSqlite(setting);
            }

            var name = engine == DatabaseEngine.Sqlite ? "SQLite" : "PostgreSQL";
            var time = new PinnedClock(ApiBenchDatabase.Today);
            if (!options.Reuse || !await ApiBenchDatabase.IsPreparedAsync(setting))
            {
                Console.WriteLine($"{name}: preparing {Describe(setting)}");
                await ApiBenchDatabase.PrepareAsync(setting, repository, time);
            }

            var target = await ApiBenchDatabase.CreateKeyAsync(setting, time);
            await using var service = await ApiBenchService.StartAsync(assembly, setting, Path.Combine(root, $"service-{engine.ToString().ToLowerInvariant()}.log"), options.PerfMap, options.ServiceEnvironment);
            Console.WriteLine($"{name}: service pid {service.ProcessId} at {service.Address} on {Describe(setting)}");
            using var client = ApiBenchLoad.Client(service.Address, options.Connections);
            var run = "bench-" + Ids.New("");
            if (options.ServiceWarmup > 0)
            {
                // A fresh process JIT-compiles for its first seconds (tiered compilation, then PGO
                // re-compilation); this keeps that out of every measured step.
                var warm = await ApiBenchLoad.RunAsync(client, i => scenario.Build(target, run + "-warm", i), Math.Min(options.Rate, 500), TimeSpan.Zero, TimeSpan.FromSeconds(options.ServiceWarmup));
                Console.WriteLine($"{name}: service warm-up {options.ServiceWarmup} s at {warm.TargetRate:N0}/s: {warm.Succeeded:N0} 2xx, {warm.Errors:N0} errors, p99 {warm.Percentile(99):F1} ms");
            }

            if (!options.FindMax)
            {
                var step = await StepAsync(name, options, scenario, setting, service, client, target, run, options.Rate);
                rows.Add(step.Row);
                continue;
            }

            ApiStep? best = null;
            for (var rate = options.Rate; ; rate += options.Step)
            {
                var step = await StepAsync(name, options, scenario, setting, service, client, target, run, rate);
                rows.Add(step.Row);
                if (!step.Sustained)
                {
                    break;
                }

                best = step;
            }

            Console.WriteLine(best is null
                ? $"{name}: no sustained rate at or above {options.Rate}/s (achieved >= 98 %, p99 <= {options.MaxP99Ms} ms, no errors)"
                : $"{name}: highest sustained rate {best.Result.TargetRate:N0}/s (achieved {best.Result.AchievedRate:N0}/s, p99 {best.Result.Percentile(99):F2} ms <= {options.MaxP99Ms} ms, no errors)");
        }

        Console.WriteLine();
        Console.WriteLine("| engine | offered/s | achieved/s | p50 ms | p90 ms | p99 ms | p99.9 ms | max ms | errors | durable rows = 2xx | load avg |");
        Console.WriteLine("|---|---:|---:|---:|---:|---:|---:|---:|---:|---|---|");
        foreach (var row in rows)
        {
            Console.WriteLine(row);
        }

        return 0;
    }

    private static async Task<ApiStep> StepAsync(
        string name, ApiBenchOptions options, ApiScenario scenario, string setting, ApiBenchService service, HttpClient client, ApiBenchTarget target, string run, int rate)
    {
        var before = scenario.CountSql is null ? 0 : await ApiBenchDatabase.CountAsync(setting, scenario.CountSql);
        var loadBefore = LoadAverage();
        var serviceCpu = service.CpuTime;
        var postgres = setting.Contains("Host=", StringComparison.OrdinalIgnoreCase);
        var backendsBefore = postgres ? await ApiBenchPostgres.BackendCpuAsync(setting) : [];
        var benchCpu = Process.GetCurrentProcess().TotalProcessorTime;
        var clock = Stopwatch.StartNew();
        var offset = (long)rate * 1_000_000_000L;
        var result = await ApiBenchLoad.RunAsync(client, i => scenario.Build(target, run, offset + i), rate, TimeSpan.FromSeconds(options.Warmup), TimeSpan.FromSeconds(options.Seconds));
        var wall = clock.Elapsed;
        var loadAfter = LoadAverage();
        var sent = (long)(rate * options.Warmup) + (long)(rate * options.Seconds);
        var serviceMs = (service.CpuTime - serviceCpu).TotalMilliseconds / sent;
        var benchMs = (Process.GetCurrentProcess().TotalProcessorTime - benchCpu).TotalMilliseconds / sent;
        var backendsAfter = postgres ? await ApiBenchPostgres.BackendCpuAsync(setting) : [];
        var backendMs = backendsAfter.Sum(b => b.Value - backendsBefore.GetValueOrDefault(b.Key)) / sent;
        var after = scenario.CountSql is null ? result.Succeeded : await ApiBenchDatabase.CountAsync(setting, scenario.CountSql);
        var durable = after - before == result.Succeeded;

        var statuses = string.Join(" ", result.ByStatus.OrderBy(s => s.Key).Select(s => $"{s.Key}:{s.Value:N0}"));
        var failures = result.Failures.Count == 0 ? "" : " failures " + string.Join(" ", result.Failures.Select(f => $"{f.Key}:{f.Value:N0}"));
        Console.WriteLine($"{name} {rate:N0}/s for {options.Seconds} s (+{options.Warmup} s warm-up, {wall.TotalSeconds:F1} s wall); load average {loadBefore} -> {loadAfter}");
        Console.WriteLine($"  measured {result.Count:N0}, achieved {result.AchievedRate:N1}/s; statuses (incl. warm-up) {statuses}{failures}");
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  latency ms  p50 {result.Percentile(50):F2}  p90 {result.Percentile(90):F2}  p99 {result.Percentile(99):F2}  p99.9 {result.Percentile(99.9):F2}  max {result.Percentile(100):F2}   (generator send lateness p99 {ApiLoadResult.Percentile(result.LatenessMs, 99):F2}, max {ApiLoadResult.Percentile(result.LatenessMs, 100):F2})"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  CPU per request: service {serviceMs:F3} ms, bench {benchMs:F3} ms{(postgres ? $", PostgreSQL backends {backendMs:F3} ms (clock ticks of 10 ms)" : "")}"));
        Console.WriteLine(scenario.CountSql is null ? "  durable: nothing to check (a read)" : $"  durable: {scenario.CountSql}: {before:N0} -> {after:N0} (+{after - before:N0}) vs {result.Succeeded:N0} 2xx responses: {(durable ? "equal" : "MISMATCH")}");

        var sustained = durable && result.Errors == 0 && result.AchievedRate >= 0.98 * rate && result.Percentile(99) <= options.MaxP99Ms;
        var row = string.Create(CultureInfo.InvariantCulture,
            $"| {name} | {rate:N0} | {result.AchievedRate:N0} | {result.Percentile(50):F2} | {result.Percentile(90):F2} | {result.Percentile(99):F2} | {result.Percentile(99.9):F2} | {result.Percentile(100):F1} | {result.Errors:N0} | {(durable ? "yes" : "**no**")} ({after - before:N0}) | {loadBefore} -> {loadAfter} |");
        return new ApiStep(result, sustained, row);
    }

    private static string Describe(string setting)
    {
        using var database = Database.FromSetting(setting);
        return database.Describe();
    }

    /// <summary>The 1-minute load average (and the 5-minute one), from /proc/loadavg.</summary>
    public static string LoadAverage()
    {
        try
        {
            var parts = File.ReadAllText("/proc/loadavg").Split(' ');
            return $"{parts[0]}/{parts[1]}";
        }
        catch (IOException)
        {
            return "?";
        }
    }

    private sealed record ApiStep(ApiLoadResult Result, bool Sustained, string Row);
}
