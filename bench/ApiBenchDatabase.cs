using System.Diagnostics;
using Dapper;
using Microcredit.Scoring.Features.Engine;
using Microcredit.Scoring.Features.History;
using Microcredit.Scoring.Features.Snapshots;
using Microcredit.Scoring.Import;
using Microcredit.Scoring.Registry;
using Microcredit.Scoring.Storage;
using Microcredit.Underwriting.Auth;

namespace Microcredit.Bench;

/// <summary>
/// The database the service runs on: data-samples imported, the feature snapshot as of
/// 2026-11-01 (the sample's "today"), the shipped models seeded as champions. Prepared once;
/// <c>--reuse</c> keeps it. Each run adds its own API key for every merchant.
/// </summary>
internal static class ApiBenchDatabase
{
    public static readonly DateOnly Today = new(2026, 11, 1);

    /// <summary>Far above any offered rate, so the rate limit counts but never refuses.</summary>
    public const int RequestsPerMinute = 100_000_000;

    public static string EngineName(DatabaseEngine engine) => engine == DatabaseEngine.Sqlite ? "SQLite" : "PostgreSQL";

    /// <summary>
    /// The engine's database for a run, prepared: the SQLite file at <paramref name="sqlitePath"/>,
    /// or <paramref name="schema"/> of the PostgreSQL server <paramref name="postgres"/>; started
    /// afresh unless <paramref name="reuse"/> finds it prepared. Returns its setting.
    /// </summary>
    public static async Task<string> EnsureAsync(DatabaseEngine engine, string sqlitePath, string postgres, string schema, bool reuse, string repository, TimeProvider time)
    {
        var setting = engine == DatabaseEngine.Sqlite ? sqlitePath : await ApiBenchPostgres.SchemaAsync(postgres, schema, drop: !reuse);
        if (!reuse && engine == DatabaseEngine.Sqlite)
        {
            BenchRepository.DeleteSqlite(setting);
        }

        if (!reuse || !await IsPreparedAsync(setting))
        {
            Console.WriteLine($"{EngineName(engine)}: preparing {Describe(setting)}");
            await PrepareAsync(setting, repository, time);
        }

        return setting;
    }

    public static string Describe(string setting)
    {
        using var database = Database.FromSetting(setting);
        return database.Describe();
    }

    public static async Task PrepareAsync(string setting, string repository, TimeProvider time)
    {
        var clock = Stopwatch.StartNew();
        using var database = Database.FromSetting(setting);
        await new Migrator(database, time).MigrateAsync();
        var import = await new Importer(database, time).ImportAsync(Path.Combine(repository, "data-samples"));
        if (!import.Succeeded)
        {
            throw new InvalidOperationException("import of data-samples failed: " + string.Join("; ", import.Errors));
        }

        var history = HistoryLoader.Load(database);
        var matrix = FeatureEngine.ComputeAsOf(history, Today);
        await FeatureSnapshotStore.SaveAsync(database, matrix, time);
        var models = await ModelRegistry.SeedAsync(database, Path.Combine(repository, "models"), time);
        Console.WriteLine($"  prepared in {clock.Elapsed.TotalSeconds:F1} s: {history.OrderCount:N0} orders, snapshot of {matrix.RowCount:N0} merchants as of {Today:yyyy-MM-dd}, models {string.Join(", ", models)}");
    }

    /// <summary>Whether a previous run prepared this database (merchants, a snapshot, a credit champion).</summary>
    public static async Task<bool> IsPreparedAsync(string setting)
    {
        try
        {
            using var database = Database.FromSetting(setting);
            await using var connection = await database.OpenAsync();
            return await connection.ExecuteScalarAsync<long>(
                """
                SELECT (SELECT count(*) FROM merchants) * (SELECT count(*) FROM model_champions WHERE kind = 'credit')
                     * (SELECT count(*) FROM feature_snapshots)
                """) > 0;
        }
        catch (Exception ex) when (ex is Microsoft.Data.Sqlite.SqliteException or Npgsql.PostgresException)
        {
            return false;
        }
    }

    /// <summary>
    /// A new key for every merchant, or those <paramref name="merchants"/> picks from all of them in
    /// order; returns it with its key id and merchant ids in a stable order.
    /// </summary>
    public static async Task<ApiBenchTarget> CreateKeyAsync(string setting, TimeProvider time, string name = "bench", Func<IReadOnlyList<string>, IEnumerable<string>>? merchants = null)
    {
        using var database = Database.FromSetting(setting);
        await using var connection = await database.OpenAsync();
        var all = (await connection.QueryAsync<string>("SELECT merchant_id FROM merchants ORDER BY merchant_id")).ToList();
        var chosen = merchants is null ? all : [.. merchants(all)];
        await using var transaction = await connection.BeginTransactionAsync();
        var (keyId, key) = await ApiKeys.CreateAsync(connection, transaction, name, chosen, RequestsPerMinute, time.GetUtcNow());
        await transaction.CommitAsync();
        return new ApiBenchTarget(key, chosen) { KeyId = keyId };
    }

    /// <summary>
    /// Brings the database to a steady state before anything is measured. On PostgreSQL: a VACUUM
    /// (ANALYZE), so that autovacuum's first pass over freshly loaded or grown tables (it dirties
    /// every page to set hint bits and the visibility map) does not land in a measured step, then a
    /// CHECKPOINT, which writes and fsyncs the load's dirty pages instead of leaving them to the
    /// kernel's writeback 30 s later. On SQLite: a WAL checkpoint.
    /// </summary>
    public static async Task SettleAsync(string setting)
    {
        var clock = Stopwatch.StartNew();
        using var database = Database.FromSetting(setting);
        await using var connection = await database.OpenAsync();
        string[] statements = database.Engine == DatabaseEngine.Postgres ? ["VACUUM (ANALYZE)", "CHECKPOINT"] : ["PRAGMA wal_checkpoint(TRUNCATE)"];
        foreach (var sql in statements)
        {
            // CommandType.Text: Dapper would take a single word (CHECKPOINT) for a stored procedure.
            await connection.ExecuteAsync(sql, commandTimeout: 600, commandType: System.Data.CommandType.Text);
        }

        Console.WriteLine($"  settled in {clock.Elapsed.TotalSeconds:F1} s ({string.Join(", ", statements)})");
    }

    public static async Task<long> CountAsync(string setting, string sql)
    {
        using var database = Database.FromSetting(setting);
        await using var connection = await database.OpenAsync();
        return await connection.ExecuteScalarAsync<long>(sql);
    }
}
