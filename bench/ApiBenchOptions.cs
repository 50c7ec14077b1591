using System.Globalization;
using Microcredit.Scoring.Storage;

namespace Microcredit.Bench;

/// <summary>The `api` bench's command line.</summary>
internal sealed record ApiBenchOptions(
    IReadOnlyList<DatabaseEngine> Engines,
    int Rate,
    int Seconds,
    int Warmup,
    bool FindMax,
    int Step,
    double MaxP99Ms,
    string Postgres,
    bool Reuse,
    string Scenario,
    int Connections,
    bool PerfMap,
    bool NoBuild)
{
    public const string DefaultPostgres = "Host=127.0.0.1;Port=55432;Username=postgres;Database=microcredit_bench";

    /// <summary>The options, or null when they do not parse.</summary>
    public static ApiBenchOptions? Parse(string[] args)
    {
        DatabaseEngine[]? engines = Text(args, "--engine") switch
        {
            null or "both" => [DatabaseEngine.Sqlite, DatabaseEngine.Postgres],
            "sqlite" => [DatabaseEngine.Sqlite],
            "postgres" => [DatabaseEngine.Postgres],
            _ => null,
        };
        if (engines is null)
        {
            return null;
        }

        return new ApiBenchOptions(
            engines,
            Number(args, "--rate", 1000),
            Number(args, "--seconds", 30),
            Number(args, "--warmup", 5),
            args.Contains("--find-max"),
            Number(args, "--step", 500),
            Number(args, "--max-p99", 50),
            Text(args, "--postgres") ?? Environment.GetEnvironmentVariable("MICROCREDIT_BENCH_POSTGRES") ?? DefaultPostgres,
            args.Contains("--reuse"),
            Text(args, "--scenario") ?? "credit-decisions",
            Number(args, "--connections", 256),
            args.Contains("--perf-map"),
            args.Contains("--no-build"));
    }

    private static int Number(string[] args, string name, int fallback) =>
        Text(args, name) is { } text ? int.Parse(text, CultureInfo.InvariantCulture) : fallback;

    private static string? Text(string[] args, string name)
    {
        var i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
    }
}
