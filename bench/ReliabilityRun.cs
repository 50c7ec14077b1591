using System.Collections.Concurrent;
using System.Diagnostics;
using Dapper;
using Microcredit.Scoring.Storage;

namespace Microcredit.Bench;

/// <summary>One database engine under test in a reliability run: its name, its setting and its service's log.</summary>
internal sealed record ReliabilityEngine(DatabaseEngine Engine, string Name, string Setting, string ServiceLog, string CliLog, ReliabilityCluster? Cluster);

/// <summary>The outcome of a <c>credit</c> command run as its own process.</summary>
internal sealed record CliOutcome(int ExitCode, string Stdout, string Stderr, TimeSpan Elapsed, bool Killed);

/// <summary>
/// What every phase of a reliability run shares: the plan, the built service and <c>credit</c>
/// assemblies, the report, the clock pinned to the sample's "today", and every API key issued (the
/// security phase looks for each of them in every log the run captured).
/// </summary>
internal sealed class ReliabilityRun(ReliabilityOptions options, string repository, string work, string serviceAssembly, string cliAssembly, ReliabilityReport report)
{
    private readonly ConcurrentBag<string> keys = [];

    public ReliabilityPlan Plan => options.Plan;

    public ReliabilityOptions Options => options;

    public string Repository => repository;

    public string Work => work;

    public ReliabilityReport Report => report;

    public TimeProvider Time { get; } = new PinnedClock(ApiBenchDatabase.Today);

    public IReadOnlyCollection<string> Keys => keys;

    /// <summary>A seeded random for one phase on one engine: the same run makes the same choices.</summary>
    public Random Random(string phase, ReliabilityEngine engine) =>
        new(unchecked(options.Seed * 31 + StableHash(phase + "/" + engine.Name)));

    public async Task<ApiBenchTarget> CreateKeyAsync(ReliabilityEngine engine, string name, Func<IReadOnlyList<string>, IEnumerable<string>>? merchants = null)
    {
        var target = await ApiBenchDatabase.CreateKeyAsync(engine.Setting, Time, name, merchants);
        keys.Add(target.ApiKey);
        return target;
    }

    /// <summary>Starts the service on the engine's database, its output appended to the engine's service log.</summary>
    public Task<ApiBenchService> StartServiceAsync(ReliabilityEngine engine, string logLevel = "Warning") =>
        ApiBenchService.StartAsync(serviceAssembly, engine.Setting, engine.ServiceLog, perfMap: false,
        [
            new("Logging__LogLevel__Default", logLevel),
            new("Logging__LogLevel__Microsoft.AspNetCore", logLevel),
        ]);

    /// <summary>
    /// Runs <c>credit ARGS --database SETTING</c>; with <paramref name="killAfter"/>, SIGKILLs it
    /// then unless it ended first. Its output is appended to the engine's CLI log.
    /// </summary>
    public async Task<CliOutcome> CliAsync(ReliabilityEngine engine, IEnumerable<string> args, TimeSpan? killAfter = null)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(cliAssembly);
        foreach (var arg in args.Concat(["--database", engine.Setting]))
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment.Remove(Database.EnvironmentVariable);
        start.Environment["NO_COLOR"] = "1";
        var clock = Stopwatch.StartNew();
        using var process = Process.Start(start) ?? throw new InvalidOperationException("could not start credit");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        var killed = false;
        if (killAfter is { } delay && !process.WaitForExit(delay))
        {
            process.Kill(entireProcessTree: true);
            killed = true;
        }

        await process.WaitForExitAsync();
        var outcome = new CliOutcome(process.ExitCode, await stdout, await stderr, clock.Elapsed, killed);
        await File.AppendAllTextAsync(engine.CliLog, $"$ credit {string.Join(' ', args)} -> exit {outcome.ExitCode}{(killed ? " (killed)" : "")}\n{outcome.Stdout}{outcome.Stderr}");
        return outcome;
    }

    public static async Task<long> CountAsync(ReliabilityEngine engine, string sql, object? parameters = null)
    {
        using var database = Database.FromSetting(engine.Setting);
        await using var connection = await database.OpenAsync();
        return await connection.ExecuteScalarAsync<long>(sql, parameters);
    }

    /// <summary>Row counts of <paramref name="tables"/>, as "table n, …" for before/after comparisons.</summary>
    public static async Task<string> CountsAsync(ReliabilityEngine engine, IEnumerable<string> tables)
    {
        var counts = new List<string>();
        foreach (var table in tables)
        {
            counts.Add($"{table} {await CountAsync(engine, $"SELECT count(*) FROM {table}")}");
        }

        return string.Join(", ", counts);
    }

    private static int StableHash(string text)
    {
        var hash = 17;
        foreach (var c in text)
        {
            hash = unchecked(hash * 31 + c);
        }

        return hash;
    }
}
