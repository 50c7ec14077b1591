using Dapper;
using Microcredit.Jobs.Monitoring;
using Microcredit.Jobs.Tests.Samples;
using Microcredit.Scoring.Registry;
using Microcredit.Scoring.Storage;
using Microcredit.Tests;
using Xunit.Abstractions;

namespace Microcredit.Jobs.Tests.Monitoring;

[Collection(SampleGroup.Name)]
public class MonitoringJobSampleTests(SampleDatabases samples, ITestOutputHelper output)
{
    [Theory, Engines]
    public async Task Run_TwiceOnTheSample_GivesIdenticalRowsForTheShippedChampion(DatabaseEngine engine)
    {
        var context = await samples.ContextAsync(engine, SampleDatabases.AsOf);

        output.WriteLine((await MonitoringJob.RunAsync(context, default)).Summary);
        var first = await DumpAsync(context.Database);
        await MonitoringJob.RunAsync(context, default);

        Assert.Equal(first, await DumpAsync(context.Database));
        await using var connection = await context.Database.OpenAsync();
        var champion = (await ModelRegistry.ChampionAsync(connection, ModelRegistry.CreditKind))!;
        var results = (await connection.QueryAsync<(string ModelId, string Metric, string Subject, double? Value, long Rows, string Detail)>(
            "SELECT model_id, metric, subject, value, sample_size, detail FROM monitoring_results WHERE as_of = '2026-11-01'")).ToList();
        Assert.All(results, r => Assert.Equal(champion.ModelId, r.ModelId));
        // The score and each of the scorecard's features, on the Nov 1 snapshot's merchants with a sale in its last 30 days.
        var active = await connection.ExecuteScalarAsync<long>("SELECT count(*) FROM feature_rows WHERE as_of = '2026-11-01' AND active_days_30d >= 1");
        var psi = results.Where(r => r.Metric == "psi").ToList();
        foreach (var r in results)
        {
            output.WriteLine($"{r.Metric} {r.Subject} {r.Value:0.0000} n={r.Rows} {r.Detail}");
        }

        Assert.Equal([.. champion.Artifact.Scorecard!.Features.Select(f => f.Feature).Append("score").Order(StringComparer.Ordinal)], psi.Select(p => p.Subject).Order(StringComparer.Ordinal));
        Assert.All(psi, p => Assert.Equal(("snapshot 2026-11-01, active merchants", active), (p.Detail, p.Rows)));
        // AUC and KS on credit loans disbursed in [2026-02-04, 2026-05-05) (Nov 1 − 180 − 90 days, Nov 1 − 180 days).
        var auc = Assert.Single(results, r => r.Metric == "auc");
        var ks = Assert.Single(results, r => r.Metric == "ks");
        Assert.StartsWith("credit loans disbursed in [2026-02-04, 2026-05-05)", auc.Detail, StringComparison.Ordinal);
        Assert.InRange(auc.Rows, 300, 500);
        Assert.InRange(auc.Value!.Value, 0.55, 1.0);
        Assert.InRange(ks.Value!.Value, 0.05, 1.0);
        // An alert for exactly the PSIs above 0.25.
        var alerts = await connection.QueryAsync<string>("SELECT subject FROM alerts WHERE as_of = '2026-11-01' AND kind = 'psi'");
        Assert.Equal(psi.Where(p => p.Value > 0.25).Select(p => p.Subject).Order(StringComparer.Ordinal), alerts.Order(StringComparer.Ordinal));
    }

    private static async Task<List<string>> DumpAsync(Database database) =>
    [
        .. await SampleDatabases.RowsAsync(database, "SELECT * FROM monitoring_results WHERE as_of = '2026-11-01'"),
        .. await SampleDatabases.RowsAsync(database, "SELECT * FROM alerts WHERE as_of = '2026-11-01'"),
    ];
}
