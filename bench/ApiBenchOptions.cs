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
    bool NoBuild,
    int ServiceWarmup,
    bool HttpClient,
    bool PrintStalls,
    IReadOnlyList<KeyValuePair<string, string>> ServiceEnvironment)
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
            args.Contains("--no-build"),
            Number(args, "--service-warmup", 20),
            args.Contains("--http-client"),
            args.Contains("--print-stalls"),
            [.. args.Select((a, i) => (a, i)).Where(p => p.a == "--service-env" && p.i + 1 < args.Length).Select(p => Pair(args[p.i + 1]))]);
    }

    /// <summary><c>NAME=VALUE</c> for <c>--service-env</c> (repeatable: experiments with runtime knobs).</summary>
    private static KeyValuePair<string, string> Pair(string text)
    {
        var eq = text.IndexOf('=', StringComparison.Ordinal);
        return eq > 0 ? new(text[..eq], text[(eq + 1)..]) : throw new ArgumentException($"--service-env '{text}' is not NAME=VALUE");
    }

    internal static int Number(string[] args, string name, int fallback) =>
        Text(args, name) is { } text ? int.Parse(text, CultureInfo.InvariantCulture) : fallback;

    internal static string? Text(string[] args, string name)
    {
        var i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
    }
}
