using System.Diagnostics;
using System.Globalization;
using Dapper;
using Microcredit.Scoring.Features.Engine;
using Microcredit.Scoring.Features.History;
using Microcredit.Scoring.Features.Snapshots;
using Microcredit.Scoring.Labels;
using Microcredit.Scoring.Storage;
using Npgsql;

namespace Microcredit.Bench;

/// <summary>
/// Feature engine speed: computation over an in-memory history (<c>--engine memory</c>), or
/// load from the database plus computation (<c>--engine sqlite|postgres</c>, after bulk-inserting
/// the synthetic history), and the training set over all loans.
/// Options: --merchants N (100000), --orders MEAN (200), --seed S (1), --runs R (3),
/// --engine memory|sqlite|postgres, --reuse (SQLite: keep the file of an earlier run), --try-mmap
/// (SQLite: the bare scan with mmap and a large page cache, then stop), --postgres "Host=…" (default $MICROCREDIT_TEST_POSTGRES).
/// </summary>
internal static class FeaturesBench
{
    public const string Description = "Features as of one date and a training set: 100k merchants / 20M orders (--engine memory|sqlite|postgres)";

    public static async Task<int> RunAsync(string[] args)
    {
        var merchants = Int(args, "--merchants", 100_000);
        var orders = Int(args, "--orders", 200);
        var seed = Int(args, "--seed", 1);
        var runs = Int(args, "--runs", 3);
        var engine = Text(args, "--engine", "memory");
        var synthetic = new FeaturesSyntheticHistory(merchants, orders, seed);
        Console.WriteLine($"features bench: {merchants} merchants, mean {orders} orders, seed {seed}, engine {engine}, {Environment.ProcessorCount} cores");
        return engine switch
        {
            "memory" => Memory(synthetic, runs),
            "sqlite" => await DatabaseAsync(synthetic, runs, Database.FromSetting(Path.Combine("bench", "out", $"features-{merchants}-{orders}-{seed}.db")), fresh: !args.Contains("--reuse"), args),
            "postgres" => await PostgresAsync(synthetic, runs, Text(args, "--postgres", Environment.GetEnvironmentVariable("MICROCREDIT_TEST_POSTGRES") ?? "")),
            _ => throw new ArgumentException($"Unknown --engine {engine}."),
        };
    }

    private static int Memory(FeaturesSyntheticHistory synthetic, int runs)
    {
        var clock = Stopwatch.StartNew();
        var builder = new HistoryBuilder(synthetic.Merchants * 200L);
        synthetic.Generate(new FeaturesSyntheticHistory.BuilderSink(builder));
        var generated = clock.Elapsed;
        var history = builder.Build();
        Console.WriteLine($"generated {history.OrderCount:N0} orders, {history.LoanCount:N0} loans in {generated.TotalSeconds:0.0} s; built in {(clock.Elapsed - generated).TotalSeconds:0.0} s");
        Compute(history, runs);
        TrainingSetTiming(history);
        Console.WriteLine($"peak working set {Process.GetCurrentProcess().PeakWorkingSet64 / (1 << 20):N0} MiB");
        return 0;
    }

    private static async Task<int> PostgresAsync(FeaturesSyntheticHistory synthetic, int runs, string server)
    {
        if (string.IsNullOrWhiteSpace(server))
        {
            throw new ArgumentException("Give --postgres \"Host=…\" or set MICROCREDIT_TEST_POSTGRES.");
        }

        var schema = $"bench_features_{Environment.ProcessId}";
        await using (var connection = new NpgsqlConnection(server))
        {
            await connection.ExecuteAsync($"CREATE SCHEMA {schema}");
        }

        try
        {
            return await DatabaseAsync(synthetic, runs, Database.FromSetting($"{server};Search Path={schema};Command Timeout=0"), fresh: false, []);
        }
        finally
        {
            await using var connection = new NpgsqlConnection(server);
            await connection.ExecuteAsync($"DROP SCHEMA {schema} CASCADE");
        }
    }

    private static async Task<int> DatabaseAsync(FeaturesSyntheticHistory synthetic, int runs, Database database, bool fresh, string[] args)
    {
        using var _ = database;
        if (database.Engine == DatabaseEngine.Sqlite)
        {
            // --reuse needs a file an earlier run filled; without one this run fills it.
            var path = new Microsoft.Data.Sqlite.SqliteConnectionStringBuilder(database.ConnectionString).DataSource;
            fresh |= !File.Exists(path) || new FileInfo(path).Length < (1L << 20);
            if (fresh)
            {
                BenchRepository.DeleteSqlite(path);
            }
        }

        await new Migrator(database, TimeProvider.System).MigrateAsync();
        var clock = Stopwatch.StartNew();
        if (!fresh && database.Engine == DatabaseEngine.Sqlite)
        {
            // --reuse: the file from an earlier run; fold its WAL into the main file first.
            using var connection = database.Open();
            await connection.ExecuteAsync("PRAGMA wal_checkpoint(TRUNCATE)");
            Console.WriteLine($"reusing the SQLite file ({await connection.ExecuteScalarAsync<long>("SELECT count(*) FROM orders"):N0} orders)");
        }
        else if (database.Engine == DatabaseEngine.Sqlite)
        {
            using var sink = new FeaturesBenchSinks.Sqlite(database);
            synthetic.Generate(sink);
            sink.Commit();
        }
        else
        {
            using var sink = new FeaturesBenchSinks.Postgres(database);
            synthetic.Generate(sink);
            sink.Complete();
        }

        Console.WriteLine($"setup (bulk insert into {database.Engine}, or reuse): {clock.Elapsed.TotalSeconds:0.0} s, not measured");
        ReadOnly(database, null);
        if (database.Engine == DatabaseEngine.Sqlite && args.Contains("--try-mmap"))
        {
            ReadOnly(database, "PRAGMA mmap_size = 17179869184");
            ReadOnly(database, "PRAGMA cache_size = -1048576");
            return 0;
        }
        MerchantHistory? history = null;
        for (var run = 1; run <= runs; run++)
        {
            history = null;
            GC.Collect();
            var cpu = Process.GetCurrentProcess().TotalProcessorTime;
            clock.Restart();
            history = HistoryLoader.Load(database);
            var loaded = clock.Elapsed;
            var features = FeatureEngine.ComputeAsOf(history, FeaturesSyntheticHistory.AsOf);
            var total = clock.Elapsed;
            Console.WriteLine(
                $"run {run}: load {loaded.TotalSeconds:0.00} s ({history.OrderCount:N0} orders) + compute {(total - loaded).TotalSeconds:0.00} s = {total.TotalSeconds:0.00} s wall ({(Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalSeconds:0.00} s CPU in this process) for {features.RowCount:N0} merchants");
            if (run == runs)
            {
                clock.Restart();
                await FeatureSnapshotStore.SaveAsync(database, features, TimeProvider.System);
                Console.WriteLine($"store snapshot ({features.RowCount:N0} rows × {Scoring.Features.FeatureCatalog.Count} features, one transaction): {clock.Elapsed.TotalSeconds:0.00} s");
            }
        }

        Console.WriteLine($"peak working set {Process.GetCurrentProcess().PeakWorkingSet64 / (1 << 20):N0} MiB");
        return history is null ? 1 : 0;
    }

    /// <summary>The floor under the loader: the orders scan with its typed reads and nothing else.</summary>
    private static void ReadOnly(Database database, string? pragma)
    {
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        var clock = Stopwatch.StartNew();
        using var connection = database.Open();
        if (pragma is not null)
        {
            connection.Execute(pragma);
        }

        using var reader = connection.ExecuteReader(new CommandDefinition(
            "SELECT merchant_id, buyer_id, amount, created_at, shipped_at, settled_at, refunded_at, refund_amount, disputed_at FROM orders", commandTimeout: 0));
        long rows = 0, check = 0;
        while (reader.Read())
        {
            check += reader.GetString(0).Length + reader.GetString(1).Length + reader.GetInt64(2) + reader.GetInt64(3);
            for (var i = 4; i < 9; i++)
            {
                check += reader.IsDBNull(i) ? 0 : reader.GetInt64(i);
            }

            rows++;
        }

        Console.WriteLine(
            $"orders scan alone (typed reads, no builder{(pragma is null ? "" : ", " + pragma)}): {clock.Elapsed.TotalSeconds:0.00} s wall, {(Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalSeconds:0.00} s CPU for {rows:N0} rows (checksum {check})");
    }

    private static void Compute(MerchantHistory history, int runs)
    {
        for (var run = 1; run <= runs; run++)
        {
            var cpu = Process.GetCurrentProcess().TotalProcessorTime;
            var clock = Stopwatch.StartNew();
            var features = FeatureEngine.ComputeAsOf(history, FeaturesSyntheticHistory.AsOf);
            Console.WriteLine(
                $"compute run {run}: {clock.Elapsed.TotalSeconds:0.00} s wall, {(Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalSeconds:0.00} s CPU for {features.RowCount:N0} merchants");
        }
    }

    private static void TrainingSetTiming(MerchantHistory history)
    {
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        var clock = Stopwatch.StartNew();
        var set = TrainingSet.Build(history, new DateOnly(2000, 1, 1), new DateOnly(2100, 1, 1), TrainingSet.EndOfData(history));
        var days = set.Examples.Select(e => (e.MerchantId, Days.Of(e.DisbursedAt))).Distinct().Count();
        Console.WriteLine(
            $"training set over all loans: {clock.Elapsed.TotalSeconds:0.00} s wall, {(Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalSeconds:0.00} s CPU for {set.Examples.Count:N0} loans ({days:N0} merchant-days; {set.UnknownOutcome:N0} with unknown outcome left out)");
    }

    private static int Int(string[] args, string name, int fallback) =>
        int.Parse(Text(args, name, fallback.ToString(CultureInfo.InvariantCulture)), CultureInfo.InvariantCulture);

    private static string Text(string[] args, string name, string fallback)
    {
        var i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? args[i + 1] : fallback;
    }
}
