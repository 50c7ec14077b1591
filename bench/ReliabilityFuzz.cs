using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using Microcredit.Scoring.Import;
using Microcredit.Tests;

namespace Microcredit.Bench;

/// <summary>
/// Bad input: the hostile requests of tests/Shared/HostileRequests.cs against the service as a
/// process (each must get a 4xx problem+json, never a 5xx, and nothing may be written), and the
/// malformed imports of tests/Shared/HostileCsv.cs, in process through the Importer and as
/// <c>credit import</c> processes (each must exit 1 naming file, line and field, and write nothing).
/// </summary>
internal static class ReliabilityFuzz
{
    private static readonly string[] Written = ["decisions", "decision_orders", "audit_events", "idempotency_keys", "loans", "installments", "repayments", "loan_pledges"];

    private static readonly string[] Imported = ["merchants", "orders", "loans", "installments", "repayments", "loan_orders"];

    public static async Task RequestsAsync(ReliabilityRun run, ReliabilityEngine engine, ForeignFixture foreign)
    {
        var count = run.Plan.FuzzRequests;
        var before = await ReliabilityRun.CountsAsync(engine, Written);
        await using var service = await run.StartServiceAsync(engine, "Information");
        using var client = ApiBenchLoad.Client(service.Address, 16);
        var fuzz = new HostileRequests(run.Options.Seed, new HostileTarget(foreign.Own.ApiKey, foreign.Own.MerchantIds[0], foreign.Other.MerchantIds[0], foreign.OtherDecision, foreign.OtherLoan));
        var statuses = new ConcurrentDictionary<int, int>();
        var kinds = new ConcurrentDictionary<string, int>(StringComparer.Ordinal);
        var wrong = new ConcurrentQueue<string>();
        var clock = Stopwatch.StartNew();
        await Parallel.ForEachAsync(fuzz.Take(0, count), new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (request, token) =>
        {
            kinds.AddOrUpdate(request.Kind, 1, (_, n) => n + 1);
            using var message = request.ToMessage();
            try
            {
                using var response = await client.SendAsync(message, token);
                var body = await response.Content.ReadAsByteArrayAsync(token);
                statuses.AddOrUpdate((int)response.StatusCode, 1, (_, n) => n + 1);
                if (HostileRequests.WrongAnswer((int)response.StatusCode, response.Content.Headers.ContentType?.MediaType, body) is { } problem)
                {
                    wrong.Enqueue($"{problem}: {request.Describe()}");
                }
            }
            catch (HttpRequestException ex)
            {
                statuses.AddOrUpdate(-1, 1, (_, n) => n + 1);
                wrong.Enqueue($"no answer ({ex.HttpRequestError}): {request.Describe()}");
            }
        });
        var seconds = clock.Elapsed.TotalSeconds;
        var after = await ReliabilityRun.CountsAsync(engine, Written);
        foreach (var line in wrong.Take(20))
        {
            Console.WriteLine($"  {line}");
        }

        run.Report.Check("bad input", engine.Name, $"{count:N0} hostile requests (seed {run.Options.Seed}): each a 4xx problem+json, never a 5xx; nothing written",
            wrong.IsEmpty && before == after,
            string.Create(CultureInfo.InvariantCulture, $"{count:N0} in {seconds:F0} s ({count / seconds:N0}/s); statuses {string.Join(" ", statuses.OrderBy(s => s.Key).Select(s => $"{(s.Key < 0 ? "none" : s.Key.ToString(CultureInfo.InvariantCulture))}:{s.Value:N0}"))}; kinds {string.Join(" ", kinds.OrderBy(k => k.Key, StringComparer.Ordinal).Select(k => $"{k.Key}:{k.Value:N0}"))}; {wrong.Count:N0} wrong; rows {(before == after ? "unchanged" : $"changed: {before} -> {after}")}")
            + (wrong.IsEmpty ? "" : "; e.g. " + wrong.First()));
    }

    /// <summary>
    /// The malformed imports go into a small database of their own holding another small history
    /// (so imports take the re-import path, and any row a case wrote would show in the counts): on
    /// the prepared one each import would spend half a second checking 400,000 orders.
    /// </summary>
    public static async Task ImportsAsync(ReliabilityRun run, ReliabilityEngine prepared)
    {
        var plan = run.Plan;
        var cases = new HostileCsv(run.Options.Seed);
        var folder = Path.Combine(run.Work, $"import-{prepared.Engine.ToString().ToLowerInvariant()}");
        var engine = prepared with
        {
            Setting = prepared.Cluster is { } cluster
                ? await ApiBenchPostgres.SchemaAsync(cluster.ConnectionString, "reliability_import", drop: true)
                : Path.Combine(run.Work, "reliability-import.db"),
        };
        using (var seeded = Scoring.Storage.Database.FromSetting(engine.Setting))
        {
            await new Scoring.Storage.Migrator(seeded, run.Time).MigrateAsync();
            new HostileCsvCase(-1, "valid", HostileCsv.ValidFiles("seed_"), "", null, null).WriteTo(folder);
            var seed = await new Importer(seeded, run.Time).ImportAsync(folder);
            if (!seed.Succeeded)
            {
                throw new InvalidOperationException("the valid history does not import: " + string.Join("; ", seed.Errors));
            }
        }

        var before = await ReliabilityRun.CountsAsync(engine, Imported);

        var wrong = new List<string>();
        var clock = Stopwatch.StartNew();
        using (var database = Scoring.Storage.Database.FromSetting(engine.Setting))
        {
            var importer = new Importer(database, run.Time);
            foreach (var hostile in cases.Take(0, plan.ImportCasesInProcess))
            {
                hostile.WriteTo(folder);
                var result = await importer.ImportAsync(folder);
                if (result.Succeeded || !result.Errors.Any(e => hostile.IsExpected(e.File, e.Line, e.Field)))
                {
                    wrong.Add($"#{hostile.Index} {hostile.Kind}, expected {hostile.Expected}: {(result.Succeeded ? "imported" : string.Join(" | ", result.Errors.Take(2)))}");
                }
            }
        }

        var inProcess = clock.Elapsed.TotalSeconds;
        var kinds = cases.Take(0, plan.ImportCasesInProcess).GroupBy(c => c.Kind).OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => $"{g.Key}:{g.Count()}");
        var middle = await ReliabilityRun.CountsAsync(engine, Imported);
        run.Report.Check("bad input", engine.Name, $"{plan.ImportCasesInProcess:N0} malformed imports through the Importer: each refused naming its file, line and field; nothing written",
            wrong.Count == 0 && before == middle,
            string.Create(CultureInfo.InvariantCulture, $"{inProcess:F0} s; {string.Join(" ", kinds)}; {wrong.Count} wrong; rows {(before == middle ? "unchanged" : "CHANGED")}") + (wrong.Count == 0 ? "" : "; e.g. " + string.Join("; ", wrong.Take(3))));

        // The same, fewer, through the command line: exit 1 and the error on stderr.
        wrong.Clear();
        clock.Restart();
        foreach (var hostile in cases.Take(plan.ImportCasesInProcess, plan.ImportCasesCli))
        {
            hostile.WriteTo(folder);
            var outcome = await run.CliAsync(engine, ["import", "--dir", folder]);
            if (outcome.ExitCode != 1 || !hostile.IsNamedIn(outcome.Stderr))
            {
                wrong.Add($"#{hostile.Index} {hostile.Kind}, expected exit 1 and 'error: {hostile.Expected}': exit {outcome.ExitCode}, {outcome.Stderr.Split('\n').FirstOrDefault()}");
            }
        }

        var after = await ReliabilityRun.CountsAsync(engine, Imported);
        run.Report.Check("bad input", engine.Name, $"{plan.ImportCasesCli} malformed imports through `credit import`: exit 1, stderr names file, line and field; nothing written",
            wrong.Count == 0 && middle == after,
            string.Create(CultureInfo.InvariantCulture, $"{clock.Elapsed.TotalSeconds:F0} s; {wrong.Count} wrong; rows {(middle == after ? "unchanged" : "CHANGED")}") + (wrong.Count == 0 ? "" : "; e.g. " + string.Join("; ", wrong.Take(3))));
        Directory.Delete(folder, recursive: true);
    }
}
