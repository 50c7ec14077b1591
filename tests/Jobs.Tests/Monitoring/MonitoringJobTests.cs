using Dapper;
using Microcredit.Jobs.Monitoring;
using Microcredit.Jobs.Tests.Samples;
using Microcredit.Jobs.Tests.Scheduling;
using Microcredit.Scoring.Features;
using Microcredit.Scoring.Features.Snapshots;
using Microcredit.Scoring.Models.Artifacts;
using Microcredit.Scoring.Registry;
using Microcredit.Scoring.Storage;
using Microcredit.Tests;

namespace Microcredit.Jobs.Tests.Monitoring;

/// <summary>
/// Monitoring with a champion whose stored training distribution is known: the shipped credit
/// scorecard with REFUND_RATE_90D's six bins ([−∞, 0.0556), [0.0556, 0.0821), [0.0821, 0.12),
/// [0.12, 0.2), [0.2, ∞), missing) holding 10 training rows each, and no score distribution.
/// </summary>
public class MonitoringJobTests
{
    private static readonly TestClock Clock = new(new DateTimeOffset(2026, 11, 8, 6, 0, 0, TimeSpan.Zero));

    [Theory, Engines]
    public async Task Run_SameAndShiftedDistributions_PsiByHandAndAnAlertAboveTheThreshold(DatabaseEngine engine)
    {
        await using var test = await TestDatabase.CreateAsync(engine);
        var modelId = await SeedChampionAsync(test.Database);
        // Nov 1: one merchant in each bin (the training shares). Nov 8: all six in the first bin.
        await SaveSnapshotAsync(test.Database, new DateOnly(2026, 11, 1), [0.01, 0.07, 0.1, 0.15, 0.3, double.NaN]);
        await SaveSnapshotAsync(test.Database, new DateOnly(2026, 11, 8), [0.01, 0.01, 0.02, 0.03, 0.04, 0.05]);

        await MonitoringJob.RunAsync(SampleDatabases.Context(test.Database, Clock, new DateOnly(2026, 11, 5)), default);
        await MonitoringJob.RunAsync(SampleDatabases.Context(test.Database, Clock, new DateOnly(2026, 11, 8)), default);
        var first = await DumpAsync(test.Database);
        await MonitoringJob.RunAsync(SampleDatabases.Context(test.Database, Clock, new DateOnly(2026, 11, 8)), default);

        Assert.Equal(first, await DumpAsync(test.Database));
        await using var connection = await test.Database.OpenAsync();
        var psi = (await connection.QueryAsync<(string AsOf, string ModelId, double Value, long Rows, string Detail)>(
            "SELECT as_of, model_id, value, sample_size, detail FROM monitoring_results WHERE metric = 'psi' AND subject = 'REFUND_RATE_90D'")).OrderBy(p => p.AsOf, StringComparer.Ordinal).ToList();
        Assert.Equal(2, psi.Count);
        // Nov 5 reads the latest snapshot on or before it, Nov 1: the training shares exactly.
        Assert.Equal(("2026-11-05", modelId, 6L, "snapshot 2026-11-01, active merchants"), (psi[0].AsOf, psi[0].ModelId, psi[0].Rows, psi[0].Detail));
        Assert.Equal(0, psi[0].Value, 12);
        // Nov 8: (1 − 1/6)·ln 6 + 5·(1e-4 − 1/6)·ln(6e-4) = 7.671574 (empty bins floored at 1e-4).
        Assert.Equal(7.671574, psi[1].Value, 5);
        var alert = Assert.Single(await connection.QueryAsync<(string AsOf, string Kind, string Subject, double Value, double Threshold)>(
            "SELECT as_of, kind, subject, value, threshold FROM alerts"));
        Assert.Equal(("2026-11-08", "psi", "REFUND_RATE_90D", 0.25), (alert.AsOf, alert.Kind, alert.Subject, alert.Threshold));
        Assert.Equal(psi[1].Value, alert.Value);
        // No loans: AUC and KS are recorded as unmeasured on an empty cohort.
        Assert.Equal(
            ["metric=auc|value=|sample_size=0", "metric=ks|value=|sample_size=0"],
            await SampleDatabases.RowsAsync(test.Database, "SELECT metric, value, sample_size FROM monitoring_results WHERE as_of = '2026-11-08' AND metric <> 'psi'"));
    }

    [Theory, Engines]
    public async Task Run_RaisedThreshold_ReplacesTheDatesAlerts(DatabaseEngine engine)
    {
        await using var test = await TestDatabase.CreateAsync(engine);
        await SeedChampionAsync(test.Database);
        await SaveSnapshotAsync(test.Database, new DateOnly(2026, 11, 8), [0.01, 0.01]);
        await MonitoringJob.RunAsync(SampleDatabases.Context(test.Database, Clock, new DateOnly(2026, 11, 8)), default);
        Assert.Single(await SampleDatabases.RowsAsync(test.Database, "SELECT * FROM alerts"));

        await MonitoringJob.RunAsync(
            SampleDatabases.Context(test.Database, Clock, new DateOnly(2026, 11, 8), new Dictionary<string, string?> { ["Jobs:monitoring:PsiAlert"] = "10" }),
            default);

        Assert.Empty(await SampleDatabases.RowsAsync(test.Database, "SELECT * FROM alerts"));
    }

    private static async Task<string> SeedChampionAsync(Database database)
    {
        var shipped = ArtifactJson.Load(Path.Combine(JobTestKit.RepoRoot(), "models", "credit.json"));
        var artifact = shipped with { Training = new TrainingDistribution([], [0], [new FeatureDistribution("REFUND_RATE_90D", [10, 10, 10, 10, 10, 10])]) };
        await using var connection = await database.OpenAsync();
        var id = await ModelRegistry.RegisterAsync(connection, null, ModelRegistry.CreditKind, ArtifactJson.Serialize(artifact), "test", Clock.GetUtcNow());
        await ModelRegistry.PromoteAsync(connection, null, id, "test", Clock.GetUtcNow());
        return id;
    }

    private static Task SaveSnapshotAsync(Database database, DateOnly asOf, double[] refundRates)
    {
        var values = Enumerable.Repeat(double.NaN, refundRates.Length * FeatureCatalog.Count).ToArray();
        for (var r = 0; r < refundRates.Length; r++)
        {
            values[(r * FeatureCatalog.Count) + (int)FeatureId.RefundRate90d] = refundRates[r];
            // Active in the last 30 days: the monitored population.
            values[(r * FeatureCatalog.Count) + (int)FeatureId.ActiveDays30d] = 5;
        }

        return FeatureSnapshotStore.SaveAsync(database, new FeatureMatrix(asOf, [.. refundRates.Select((_, r) => $"m{r}")], values), Clock);
    }

    private static async Task<List<string>> DumpAsync(Database database) =>
    [
        .. await SampleDatabases.RowsAsync(database, "SELECT * FROM monitoring_results"),
        .. await SampleDatabases.RowsAsync(database, "SELECT * FROM alerts"),
    ];
}
