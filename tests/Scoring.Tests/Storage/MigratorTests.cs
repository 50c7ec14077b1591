using Dapper;
using Microcredit.Scoring.Storage;
using Microcredit.Tests;

namespace Microcredit.Scoring.Tests.Storage;

public class MigratorTests
{
    [Theory, Engines]
    public async Task Migrate_EmptyDatabase_AppliesEveryScriptInOrder(DatabaseEngine engine)
    {
        await using var test = await TestDatabase.CreateAsync(engine, migrate: false);
        var migrator = new Migrator(test.Database, TimeProvider.System);

        var applied = await migrator.MigrateAsync();

        var expected = Migrator.Scripts(engine).Select(s => s.Version).ToList();
        Assert.Equal(expected, applied);
        Assert.Equal(expected[^1], await migrator.CurrentVersionAsync());
        await using var connection = await test.Database.OpenAsync();
        Assert.Equal(0, await connection.ExecuteScalarAsync<long>("SELECT count(*) FROM orders"));
    }

    [Theory, Engines]
    public async Task Migrate_Twice_IsANoOp(DatabaseEngine engine)
    {
        await using var test = await TestDatabase.CreateAsync(engine, migrate: false);
        var migrator = new Migrator(test.Database, TimeProvider.System);
        await migrator.MigrateAsync();

        var second = await migrator.MigrateAsync();

        Assert.Empty(second);
        await using var connection = await test.Database.OpenAsync();
        var rows = await connection.ExecuteScalarAsync<long>("SELECT count(*) FROM schema_version");
        Assert.Equal(Migrator.Scripts(engine).Count, rows);
    }

    [Theory, Engines]
    public async Task Migrate_ConcurrentCallers_ApplyEachScriptOnce(DatabaseEngine engine)
    {
        await using var test = await TestDatabase.CreateAsync(engine, migrate: false);

        var results = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(() => new Migrator(test.Database, TimeProvider.System).MigrateAsync())));

        Assert.Equal(Migrator.Scripts(engine).Count, results.Sum(r => r.Count));
    }

    [Fact]
    public void Scripts_AreNumberedWithoutGapsOnBothEngines()
    {
        foreach (var engine in Enum.GetValues<DatabaseEngine>())
        {
            var versions = Migrator.Scripts(engine).Select(s => s.Version).ToList();
            Assert.Equal(Enumerable.Range(1, versions.Count), versions);
        }
    }

    [PostgresFact]
    public async Task Postgres_IsReachable()
    {
        await using var test = await TestDatabase.CreateAsync(DatabaseEngine.Postgres);
        Assert.Equal(DatabaseEngine.Postgres, test.Database.Engine);
    }

    [PostgresFact]
    public async Task Postgres_KeepsADecisionRowUnderHalfAPageUncompressed()
    {
        await using var test = await TestDatabase.CreateAsync(DatabaseEngine.Postgres);
        await using var connection = await test.Database.OpenAsync();
        // 3,000 bytes that pglz would shrink to a few dozen: over the default 2 KB, under 4,080.
        var inputs = new string('a', 3000);
        await connection.ExecuteAsync(
            """
            INSERT INTO decisions (decision_id, merchant_id, product, outcome, approved_amount, counter_offer, reasons, policy_version, inputs, response, decided_at, expires_at)
            VALUES ('dec_1', 'M1', 'credit', 'approved', 0, 0, '[]', 'p1', @inputs, '{}', 0, 0)
            """,
            new { inputs });

        // A 4-byte header and the bytes as they are.
        Assert.Equal(3004, await connection.ExecuteScalarAsync<int>("SELECT pg_column_size(inputs) FROM decisions"));
    }
}
