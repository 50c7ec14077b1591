using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Dapper;
using Microcredit.Scoring.Storage;

namespace Microcredit.Bench;

/// <summary>
/// Jobs killed mid-run: <c>credit jobs run features</c> and <c>score-and-offers</c> as processes,
/// SIGKILLed at a random point of their run with their output cleared beforehand, so a partial
/// write would show. After each kill the output must be all there or not there at all; the rerun
/// must complete and leave exactly the rows of an undisturbed run, no key twice.
/// </summary>
internal static class ReliabilityJobKill
{
    private const string AsOf = "2026-11-01";

    private sealed record Output(string Job, string[] Tables, string[] Clear, string[] Keys);

    private static readonly Output[] Jobs =
    [
        new("features",
            ["SELECT * FROM feature_rows WHERE as_of = '2026-11-01' ORDER BY feature_set_version, merchant_id"],
            ["DELETE FROM feature_rows WHERE as_of = '2026-11-01'", "DELETE FROM feature_snapshots WHERE as_of = '2026-11-01'"],
            ["SELECT count(*) FROM (SELECT feature_set_version, merchant_id FROM feature_rows WHERE as_of = '2026-11-01' GROUP BY feature_set_version, merchant_id HAVING count(*) > 1) d"]),
        new("score-and-offers",
            ["SELECT * FROM offers ORDER BY merchant_id", "SELECT * FROM order_advance_rates ORDER BY order_id"],
            ["DELETE FROM order_advance_rates", "DELETE FROM offers"],
            ["SELECT count(*) FROM (SELECT merchant_id FROM offers GROUP BY merchant_id HAVING count(*) > 1) d",
             "SELECT count(*) FROM (SELECT order_id FROM order_advance_rates GROUP BY order_id HAVING count(*) > 1) d"]),
    ];

    public static async Task RunAsync(ReliabilityRun run, ReliabilityEngine engine)
    {
        var random = run.Random("jobs", engine);
        foreach (var job in Jobs)
        {
            var failures = new List<string>();
            var reference = await run.CliAsync(engine, ["jobs", "run", job.Job, "--as-of", AsOf]);
            if (reference.ExitCode != 0)
            {
                run.Report.Check("job kill", engine.Name, $"{job.Job}: undisturbed run", false, $"exit {reference.ExitCode}: {reference.Stderr.Trim()}");
                continue;
            }

            var (expected, rows) = await FingerprintAsync(engine, job);
            var empty = Hash([]);
            int killedEmpty = 0, killedComplete = 0, finishedFirst = 0;
            for (var k = 0; k < run.Plan.JobKills; k++)
            {
                await ClearAsync(engine, job);
                // Late in the run, where the job writes: its output goes in one transaction at the end.
                var delay = reference.Elapsed * (0.6 + 0.45 * random.NextDouble());
                var killed = await run.CliAsync(engine, ["jobs", "run", job.Job, "--as-of", AsOf], delay);
                var (state, _) = await FingerprintAsync(engine, job);
                if (!killed.Killed)
                {
                    finishedFirst++;
                }
                else if (state == empty)
                {
                    killedEmpty++;
                }
                else if (state == expected)
                {
                    killedComplete++;
                }
                else
                {
                    failures.Add($"kill {k + 1} after {delay.TotalSeconds:F2} s left a partial write");
                }

                var rerun = await run.CliAsync(engine, ["jobs", "run", job.Job, "--as-of", AsOf]);
                var (after, _) = await FingerprintAsync(engine, job);
                var duplicates = 0L;
                foreach (var sql in job.Keys)
                {
                    duplicates += await ReliabilityRun.CountAsync(engine, sql);
                }

                if (rerun.ExitCode != 0 || after != expected || duplicates != 0)
                {
                    failures.Add($"rerun after kill {k + 1}: exit {rerun.ExitCode}, {(after == expected ? "same rows" : "rows differ from an undisturbed run")}, {duplicates} duplicate keys");
                }
            }

            var stale = await ReliabilityRun.CountAsync(engine, "SELECT count(*) FROM job_runs WHERE job = @job AND status = 'running'", new { job = job.Job });
            run.Report.Check("job kill", engine.Name, $"{job.Job} killed mid-run × {run.Plan.JobKills}: all or nothing after the kill; the rerun completes with the undisturbed run's rows, no duplicates",
                failures.Count == 0,
                string.Create(CultureInfo.InvariantCulture,
                    $"undisturbed run {reference.Elapsed.TotalSeconds:F1} s, {rows:N0} rows; kills left nothing {killedEmpty}×, everything {killedComplete}×; {finishedFirst} runs ended before their kill; {stale} killed attempts left 'running' in job_runs")
                + (failures.Count == 0 ? "" : "; " + string.Join("; ", failures)));
        }
    }

    /// <summary>Deletes the job's output, so that what a killed run leaves behind shows.</summary>
    private static async Task ClearAsync(ReliabilityEngine engine, Output job)
    {
        using var database = Database.FromSetting(engine.Setting);
        await using var connection = await database.OpenAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        foreach (var sql in job.Clear)
        {
            await connection.ExecuteAsync(sql, transaction: transaction);
        }

        await transaction.CommitAsync();
    }

    /// <summary>SHA-256 over every row of the job's output tables, in key order, and the row count.</summary>
    private static async Task<(string Fingerprint, long Rows)> FingerprintAsync(ReliabilityEngine engine, Output job)
    {
        using var database = Database.FromSetting(engine.Setting);
        await using var connection = await database.OpenAsync();
        var lines = new List<string>();
        foreach (var sql in job.Tables)
        {
            foreach (IDictionary<string, object?> row in await connection.QueryAsync(sql))
            {
                lines.Add(string.Join('\u001F', row.Values.Select(v => v is null ? "∅" : Convert.ToString(v, CultureInfo.InvariantCulture))));
            }
        }

        return (Hash(lines), lines.Count);
    }

    private static string Hash(List<string> lines) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(string.Join('\n', lines))));
}
