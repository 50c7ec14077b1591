using Dapper;
using Microcredit.Scoring.Storage;
using Npgsql;

namespace Microcredit.Tests;

/// <summary>
/// A fresh, migrated database for one test: a temporary SQLite file, or a schema of its own in
/// the PostgreSQL server named by MICROCREDIT_TEST_POSTGRES. Disposing removes it.
/// </summary>
public sealed class TestDatabase : IAsyncDisposable
{
    private readonly string? sqlitePath;
    private readonly string? postgresSchema;

    private TestDatabase(DatabaseEngine engine, string setting, string? sqlitePath, string? postgresSchema)
    {
        Engine = engine;
        Setting = setting;
        this.sqlitePath = sqlitePath;
        this.postgresSchema = postgresSchema;
        Database = Database.FromSetting(setting);
    }

    public DatabaseEngine Engine { get; }

    /// <summary>The value to pass as <c>--database</c> or MICROCREDIT_DATABASE.</summary>
    public string Setting { get; }

    public Database Database { get; }

    public static async Task<TestDatabase> CreateAsync(DatabaseEngine engine, bool migrate = true, TimeProvider? time = null)
    {
        TestDatabase result;
        if (engine == DatabaseEngine.Sqlite)
        {
            var path = Path.Combine(Path.GetTempPath(), "microcredit-tests", $"{Guid.NewGuid():N}.db");
            result = new TestDatabase(engine, path, path, null);
        }
        else
        {
            var server = TestEngines.PostgresSetting
                ?? throw new InvalidOperationException("MICROCREDIT_TEST_POSTGRES is not set: PostgreSQL tests cannot run.");
            var schema = $"t_{Guid.NewGuid():N}";
            await using (var connection = new NpgsqlConnection(server))
            {
                await connection.ExecuteAsync($"CREATE SCHEMA {schema}");
            }

            result = new TestDatabase(engine, $"{server};Search Path={schema}", null, schema);
        }

        if (migrate)
        {
            await new Migrator(result.Database, time ?? TimeProvider.System).MigrateAsync();
        }

        return result;
    }

    public async ValueTask DisposeAsync()
    {
        await Database.DisposeAsync();
        if (sqlitePath is not null)
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            foreach (var file in new[] { sqlitePath, sqlitePath + "-wal", sqlitePath + "-shm" })
            {
                File.Delete(file);
            }
        }

        if (postgresSchema is not null)
        {
            await using var connection = new NpgsqlConnection(TestEngines.PostgresSetting);
            await connection.ExecuteAsync($"DROP SCHEMA {postgresSchema} CASCADE");
        }
    }
}
