using System.Globalization;
using Microcredit.Scoring.Storage;

namespace Microcredit.Bench;

/// <summary>How much of each phase a reliability run does: the full run (about 15 minutes on 2 cores) or <c>--short</c> (CI, a few minutes).</summary>
internal sealed record ReliabilityPlan(
    string Name,
    int[] Rates,
    int StepSeconds,
    int StepWarmup,
    int ServiceWarmup,
    int CrashCycles,
    int CrashRate,
    double KillAfterMin,
    double KillAfterMax,
    int JobKills,
    int OutageRate,
    int OutageBefore,
    int OutageDown,
    int OutageAfter,
    int FuzzRequests,
    int ImportCasesInProcess,
    int ImportCasesCli)
{
    public static readonly ReliabilityPlan Full = new(
        "full", [100, 200, 300, 400, 600, 800, 1000, 1200, 1500, 2000, 3000], 5, 2, 10,
        20, 150, 0.5, 2.5, 3, 100, 4, 6, 8, 100_000, 1_000, 30);

    public static readonly ReliabilityPlan Short = new(
        "short", [100, 400, 1600, 4000], 3, 1, 4,
        3, 150, 0.5, 1.5, 1, 100, 3, 3, 6, 10_000, 200, 6);
}

/// <summary>The <c>reliability</c> command line.</summary>
internal sealed record ReliabilityOptions(ReliabilityPlan Plan, IReadOnlyList<DatabaseEngine> Engines, int Seed, bool NoBuild, bool WriteDocs, int? PostgresPort, string? Report)
{
    public const string Usage =
        """
        usage: bench reliability [--short] [--engine sqlite|postgres|both] [--seed N] [--pg-port N] [--report FILE] [--write-docs] [--no-build]
          --short       the bounded run CI does (a few minutes); without it the full run (about 15 minutes)
          --write-docs  replace the figures section of docs/reliability.md with this run's
        """;

    public static ReliabilityOptions? Parse(string[] args)
    {
        DatabaseEngine[]? engines = Text(args, "--engine") switch
        {
            null or "both" => [DatabaseEngine.Sqlite, DatabaseEngine.Postgres],
            "sqlite" => [DatabaseEngine.Sqlite],
            "postgres" => [DatabaseEngine.Postgres],
            _ => null,
        };
        if (engines is null || args.Any(a => a.StartsWith("--", StringComparison.Ordinal) && !Known.Contains(a)))
        {
            return null;
        }

        return new ReliabilityOptions(
            args.Contains("--short") ? ReliabilityPlan.Short : ReliabilityPlan.Full,
            engines,
            Text(args, "--seed") is { } seed ? int.Parse(seed, CultureInfo.InvariantCulture) : 20261101,
            args.Contains("--no-build"),
            args.Contains("--write-docs"),
            Text(args, "--pg-port") is { } port ? int.Parse(port, CultureInfo.InvariantCulture) : null,
            Text(args, "--report"));
    }

    private static readonly string[] Known = ["--short", "--engine", "--seed", "--pg-port", "--report", "--write-docs", "--no-build"];

    private static string? Text(string[] args, string name)
    {
        var i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
    }
}
