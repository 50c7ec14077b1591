using System.Collections.Concurrent;
using Dapper;
using Microcredit.Jobs.Scheduling;
using Microcredit.Jobs.Tests.Scheduling;
using Microcredit.Scoring.Features.Engine;
using Microcredit.Scoring.Features.History;
using Microcredit.Scoring.Features.Snapshots;
using Microcredit.Scoring.Import;
using Microcredit.Scoring.Registry;
using Microcredit.Scoring.Storage;
using Microcredit.Tests;
using Microsoft.Extensions.Configuration;

namespace Microcredit.Jobs.Tests.Samples;

/// <summary>
/// data-samples/ imported once per engine for the job tests: the shipped models seeded (credit
/// champion), and a feature snapshot as of <see cref="AsOf"/>, the day after the sample's last day.
/// Tests that change shared state (the champion) put it back.
/// </summary>
public sealed class SampleDatabases : IAsyncLifetime
{
    public static readonly DateOnly AsOf = new(2026, 11, 1);

    private readonly ConcurrentDictionary<DatabaseEngine, Lazy<Task<TestDatabase>>> databases = new();

    public TestClock Clock { get; } = new(new DateTimeOffset(2026, 11, 1, 6, 0, 0, TimeSpan.Zero));

    public Task<TestDatabase> ForAsync(DatabaseEngine engine) => databases.GetOrAdd(engine, e => new Lazy<Task<TestDatabase>>(() => CreateAsync(e))).Value;

    /// <summary>A job context on the sample for <paramref name="asOf"/> with the given <c>Jobs:…</c> settings.</summary>
    public async Task<JobContext> ContextAsync(DatabaseEngine engine, DateOnly asOf, IReadOnlyDictionary<string, string?>? settings = null)
    {
        var test = await ForAsync(engine);
        return Context(test.Database, Clock, asOf, settings);
    }

    public static JobContext Context(Database database, TimeProvider time, DateOnly asOf, IReadOnlyDictionary<string, string?>? settings = null) =>
        new(database, time, asOf, new ConfigurationBuilder().AddInMemoryCollection(settings ?? new Dictionary<string, string?>()).Build(), "test-run");

    /// <summary>Every row of a query as "column=value|…", sorted ordinally (engines' collations differ), for comparing runs.</summary>
    public static async Task<List<string>> RowsAsync(Database database, string sql, object? parameters = null)
    {
        await using var connection = await database.OpenAsync();
        var rows = await connection.QueryAsync(sql, parameters);
        return [.. rows.Select(r => string.Join("|", ((IDictionary<string, object>)r).Select(kv => $"{kv.Key}={Convert.ToString(kv.Value, System.Globalization.CultureInfo.InvariantCulture)}"))).Order(StringComparer.Ordinal)];
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var lazy in databases.Values)
        {
            await (await lazy.Value).DisposeAsync();
        }
    }

    private async Task<TestDatabase> CreateAsync(DatabaseEngine engine)
    {
        var test = await TestDatabase.CreateAsync(engine, time: Clock);
        var imported = await new Importer(test.Database, Clock).ImportAsync(Path.Combine(JobTestKit.RepoRoot(), "data-samples"));
        Assert.True(imported.Succeeded, string.Join("; ", imported.Errors.Select(e => e.ToString())));
        await ModelRegistry.SeedAsync(test.Database, Path.Combine(JobTestKit.RepoRoot(), "models"), Clock);
        var matrix = FeatureEngine.ComputeAsOf(HistoryLoader.Load(test.Database), AsOf);
        await FeatureSnapshotStore.SaveAsync(test.Database, matrix, Clock);
        return test;
    }
}

[CollectionDefinition(Name)]
public sealed class SampleGroup : ICollectionFixture<SampleDatabases>
{
    public const string Name = "Jobs on data-samples";
}
