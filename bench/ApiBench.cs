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
                         [--postgres CONN] [--reuse] [--scenario NAME] [--connections N] [--perf-map] [--no-build] [--service-warmup S] [--service-env NAME=VALUE]... [--print-stalls]
                         [--http-client]   (load through HttpClient instead of the bench's lean HTTP/1.1 client)
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

        Console.WriteLine($"api bench: {scenario.Description}; {Environment.ProcessorCount} cores; load average {LoadAverage()}; {KernelWriteback()}");
        var rows = new List<string>();
        foreach (var engine in options.Engines)
        {
            var name = ApiBenchDatabase.EngineName(engine);
            var time = new PinnedClock(ApiBenchDatabase.Today);
            var setting = await ApiBenchDatabase.EnsureAsync(engine, Path.Combine(root, "api.db"), options.Postgres, "api_bench", options.Reuse, repository, time);
            var target = await ApiBenchDatabase.CreateKeyAsync(setting, time);
            await ApiBenchDatabase.SettleAsync(setting);
            await using var service = await ApiBenchService.StartAsync(assembly, setting, Path.Combine(root, $"service-{engine.ToString().ToLowerInvariant()}.log"), options.PerfMap, options.ServiceEnvironment);
            Console.WriteLine($"{name}: service pid {service.ProcessId} at {service.Address} on {ApiBenchDatabase.Describe(setting)}");
            using var client = ApiBenchLoad.Client(service.Address, options.Connections);
            using var raw = options.HttpClient ? null : new RawHttpPool(service.Address, options.Connections);
            var run = "bench-" + Ids.New("");
            if (options.ServiceWarmup > 0)
            {
                // A fresh process JIT-compiles for its first seconds (tiered compilation, then PGO
                // re-compilation); this keeps that out of every measured step.
                var warm = await ApiBenchLoad.RunAsync(client, i => scenario.Build(target, run + "-warm", i), Math.Min(options.Rate, 500), TimeSpan.Zero, TimeSpan.FromSeconds(options.ServiceWarmup), raw: raw);
                Console.WriteLine($"{name}: service warm-up {options.ServiceWarmup} s at {warm.TargetRate:N0}/s: {warm.Succeeded:N0} 2xx, {warm.Errors:N0} errors ({Describe(warm)}), p99 {warm.Percentile(99):F1} ms");
            }

            var steps = new ApiBenchStep(name, scenario, setting, service, client, target, run, options.Seconds, options.Warmup, options.MaxP99Ms, raw, options.PrintStalls);
            if (!options.FindMax)
            {
                var step = await steps.RunAsync(options.Rate);
                rows.Add(step.Row);
                continue;
            }

            ApiStepResult? best = null;
            for (var rate = options.Rate; ; rate += options.Step)
            {
                var step = await steps.RunAsync(rate);
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
        Console.WriteLine(ApiBenchStep.TableHeader);
        foreach (var row in rows)
        {
            Console.WriteLine(row);
        }

        return 0;
    }

    /// <summary>
    /// The kernel's background writeback threshold. Left at the default (10% of memory, which no
    /// steady load reaches), dirty data pages are written only when 30 s old, in one burst that
    /// holds up every WAL flush behind it: 150-200 ms stalls every 30 s on PostgreSQL (see
    /// docs/storage.md, "PostgreSQL host").
    /// </summary>
    public static string KernelWriteback()
    {
        try
        {
            var bytes = long.Parse(File.ReadAllText("/proc/sys/vm/dirty_background_bytes").Trim(), CultureInfo.InvariantCulture);
            return bytes > 0
                ? $"vm.dirty_background_bytes {bytes / 1024:N0} kB"
                : $"vm.dirty_background_ratio {File.ReadAllText("/proc/sys/vm/dirty_background_ratio").Trim()}% (docs/storage.md: PostgreSQL host)";
        }
        catch (IOException)
        {
            return "kernel writeback settings unknown";
        }
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

    private static string Describe(ApiLoadResult result) =>
        string.Join(", ", result.ByStatus.Select(s => $"{s.Key}: {s.Value:N0}").Concat(result.Failures.Select(f => $"{f.Key}: {f.Value:N0}")));
}
