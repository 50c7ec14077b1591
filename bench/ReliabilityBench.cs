using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Microcredit.Scoring.Storage;

namespace Microcredit.Bench;

/// <summary>
/// `reliability`: the platform under load, faults and bad input, with the service and the jobs as
/// real processes, on SQLite and on PostgreSQL (a throwaway server of its own). Prints every check
/// as it runs and a Markdown report at the end; exits 1 when any check failed. docs/reliability.md
/// describes each phase and holds the figures of the last full run.
/// </summary>
internal static class ReliabilityBench
{
    public const string Description = "Reliability harness: load to saturation, kill -9 under load, jobs killed mid-run, PostgreSQL stopped under load, hostile requests, malformed imports, cross-merchant keys, keys in logs (--short for CI)";

    private const string DocsBegin = "<!-- reliability figures: begin (written by bench reliability --write-docs) -->";
    private const string DocsEnd = "<!-- reliability figures: end -->";

    public static async Task<int> RunAsync(string[] args)
    {
        var options = ReliabilityOptions.Parse(args);
        if (options is null)
        {
            await Console.Error.WriteLineAsync(ReliabilityOptions.Usage);
            return 2;
        }

        var clock = Stopwatch.StartNew();
        var repository = BenchRepository.Root();
        var work = Path.Combine(Path.GetTempPath(), "microcredit-reliability");
        if (Directory.Exists(work))
        {
            Directory.Delete(work, recursive: true);
        }

        Directory.CreateDirectory(work);
        var cli = options.NoBuild ? ApiBenchService.CliAssembly(repository) : ApiBenchService.BuildCli(repository);
        var report = new ReliabilityReport();
        var run = new ReliabilityRun(options, repository, work, ApiBenchService.Assembly(repository), cli, report);
        var machine = $"{Environment.ProcessorCount} cores, load average {ApiBench.LoadAverage()} at the start";
        Console.WriteLine($"reliability ({options.Plan.Name}): {machine}; work in {work}");

        var cluster = options.Engines.Contains(DatabaseEngine.Postgres)
            ? await ReliabilityCluster.StartAsync(repository, options.PostgresPort ?? FreePort())
            : null;
        var engines = new List<ReliabilityEngine>();
        try
        {
            foreach (var kind in options.Engines)
            {
                var engine = await PrepareAsync(run, kind, cluster);
                engines.Add(engine);
                ForeignFixture? foreign = null;
                await PhaseAsync(run, engine, "load", () => ReliabilityLoad.RunAsync(run, engine));
                await PhaseAsync(run, engine, "crash", () => ReliabilityCrash.RunAsync(run, engine));
                await PhaseAsync(run, engine, "security", async () => foreign = await ReliabilitySecurity.CrossMerchantAsync(run, engine));
                if (foreign is not null)
                {
                    await PhaseAsync(run, engine, "bad input", () => ReliabilityFuzz.RequestsAsync(run, engine, foreign));
                }

                await PhaseAsync(run, engine, "bad input", () => ReliabilityFuzz.ImportsAsync(run, engine));
                await PhaseAsync(run, engine, "job kill", () => ReliabilityJobKill.RunAsync(run, engine));
                if (cluster is not null && kind == DatabaseEngine.Postgres)
                {
                    await PhaseAsync(run, engine, "database loss", () => ReliabilityOutage.RunAsync(run, engine));
                }

                await PhaseAsync(run, engine, "security", () => ReliabilitySecurity.DashboardAsync(run, engine));
            }

            await ReliabilitySecurity.KeysNotLoggedAsync(run, engines);
        }
        finally
        {
            if (cluster is not null)
            {
                await cluster.DisposeAsync();
            }
        }

        machine += $", {ApiBench.LoadAverage()} at the end";
        var command = string.Join(' ', ["dotnet run -c Release --project bench -- reliability", .. args.Where(a => a != "--write-docs" && a != "--no-build")]);
        var markdown = report.ToMarkdown(command, machine, clock.Elapsed);
        Console.WriteLine();
        Console.WriteLine(markdown);
        var file = options.Report ?? Path.Combine(work, "report.md");
        await File.WriteAllTextAsync(file, markdown);
        Console.WriteLine($"report written to {file}");
        if (options.WriteDocs)
        {
            await WriteDocsAsync(Path.Combine(repository, "docs", "reliability.md"), markdown);
        }

        Console.WriteLine(report.Passed ? "reliability: every check passed" : $"reliability: {report.Failures} check(s) FAILED");
        return report.Passed ? 0 : 1;
    }

    private static async Task<ReliabilityEngine> PrepareAsync(ReliabilityRun run, DatabaseEngine kind, ReliabilityCluster? cluster)
    {
        var name = ApiBenchDatabase.EngineName(kind);
        var setting = kind == DatabaseEngine.Sqlite
            ? Path.Combine(run.Work, "reliability.db")
            : await ApiBenchPostgres.SchemaAsync(cluster!.ConnectionString, "reliability", drop: true);
        Console.WriteLine($"{name}: preparing {ApiBenchDatabase.Describe(setting)}");
        await ApiBenchDatabase.PrepareAsync(setting, run.Repository, run.Time);
        var slug = kind.ToString().ToLowerInvariant();
        return new ReliabilityEngine(kind, name, setting, Path.Combine(run.Work, $"service-{slug}.log"), Path.Combine(run.Work, $"credit-{slug}.log"), kind == DatabaseEngine.Postgres ? cluster : null);
    }

    /// <summary>Runs one phase; an exception is that phase's failed check, and the run goes on.</summary>
    private static async Task PhaseAsync(ReliabilityRun run, ReliabilityEngine engine, string phase, Func<Task> body)
    {
        Console.WriteLine($"--- {phase} on {engine.Name}");
        var clock = Stopwatch.StartNew();
        try
        {
            await body();
        }
#pragma warning disable CA1031 // The harness reports a phase that broke and runs the others.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            run.Report.Check(phase, engine.Name, "the phase ran to its end", false, $"{ex.GetType().Name}: {ex.Message}");
        }

        Console.WriteLine($"--- {phase} on {engine.Name}: {clock.Elapsed.TotalSeconds:F0} s");
    }

    /// <summary>Replaces the text between the figures markers of docs/reliability.md.</summary>
    private static async Task WriteDocsAsync(string path, string markdown)
    {
        var text = await File.ReadAllTextAsync(path);
        var begin = text.IndexOf(DocsBegin, StringComparison.Ordinal);
        var end = text.IndexOf(DocsEnd, StringComparison.Ordinal);
        if (begin < 0 || end < begin)
        {
            throw new InvalidOperationException($"{path} has no figures markers");
        }

        var measured = $"Measured {TimeProvider.System.GetUtcNow():yyyy-MM-dd HH:mm} UTC.";
        await File.WriteAllTextAsync(path, text[..(begin + DocsBegin.Length)] + "\n" + measured + " " + markdown.TrimEnd() + "\n" + text[end..]);
        Console.WriteLine($"figures written to {path}");
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
