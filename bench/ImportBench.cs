using System.Diagnostics;
using System.Globalization;
using System.Text;
using Microcredit.Scoring.Import;
using Microcredit.Scoring.Storage;

namespace Microcredit.Bench;

/// <summary>
/// `import`: first load of N orders (default 5M) into an empty database, then an incremental
/// import of M changed orders (default 1M: unsettled orders that have since settled), on SQLite
/// and, when MICROCREDIT_TEST_POSTGRES or --postgres is given, on PostgreSQL. Generates its own rows
/// (--reuse keeps those of the previous run). `--engine sqlite|postgres` measures only that engine.
/// </summary>
internal static class ImportBench
{
    public static async Task<int> RunAsync(string[] args)
    {
        var orders = Option(args, "--orders", 5_000_000);
        var changed = Option(args, "--changed", 1_000_000);
        var merchants = Option(args, "--merchants", 100_000);
        var postgres = OptionText(args, "--postgres") ?? Environment.GetEnvironmentVariable("MICROCREDIT_TEST_POSTGRES");
        var engine = OptionText(args, "--engine");
        if (engine is not (null or "sqlite" or "postgres"))
        {
            Console.Error.WriteLine("--engine is sqlite or postgres");
            return 2;
        }
        var root = Path.Combine(Path.GetTempPath(), "microcredit-import-bench");
        var first = Path.Combine(root, "first");
        var second = Path.Combine(root, "incremental");
        Directory.CreateDirectory(first);
        Directory.CreateDirectory(second);

        var clock = Stopwatch.StartNew();
        var reuse = args.Contains("--reuse") && File.Exists(Path.Combine(second, "orders.csv"));
        if (!reuse)
        {
            Generate(first, second, merchants, orders, changed);
        }

        Console.WriteLine($"generated {orders:N0} orders, {merchants:N0} merchants, {changed:N0} changed orders in {clock.Elapsed.TotalSeconds:F1} s ({new FileInfo(Path.Combine(first, "orders.csv")).Length / 1e6:F0} MB)");

        var sqlite = Path.Combine(root, "bench.db");
        BenchRepository.DeleteSqlite(sqlite);

        if (engine is null or "sqlite")
        {
            await MeasureAsync("sqlite", sqlite, first, second, orders, changed);
        }

        if (postgres is not null && engine is null or "postgres")
        {
            var schema = "import_bench";
            await using (var connection = new Npgsql.NpgsqlConnection(postgres))
            {
                await connection.OpenAsync();
                await using var drop = new Npgsql.NpgsqlCommand($"DROP SCHEMA IF EXISTS {schema} CASCADE; CREATE SCHEMA {schema}", connection);
                await drop.ExecuteNonQueryAsync();
            }

            await MeasureAsync("postgres", $"{postgres};Search Path={schema}", first, second, orders, changed);
        }

        return 0;
    }

    private static async Task MeasureAsync(string engine, string setting, string first, string second, int orders, int changed)
    {
        using var database = Database.FromSetting(setting);
        await new Migrator(database, TimeProvider.System).MigrateAsync();
        var importer = new Importer(database, TimeProvider.System);

        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        var clock = Stopwatch.StartNew();
        var load = await importer.ImportAsync(first);
        var loadSeconds = clock.Elapsed.TotalSeconds;
        Console.WriteLine($"          (this process used {(Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalSeconds:F1} s of CPU)");
        Check(load);
        Console.WriteLine($"{engine,-9} first load   {orders,10:N0} orders  {loadSeconds,6:F1} s  {orders / loadSeconds,9:N0} orders/s");
        PrintPhases(load);
        if (database.Engine == DatabaseEngine.Postgres)
        {
            // An incremental import runs long after the first load, with checkpoints between: its
            // first touch of every page writes a full-page image into the WAL. Checkpointing here
            // measures that steady state instead of wherever the server's own checkpoint happens to be.
            clock.Restart();
            await using var connection = (Npgsql.NpgsqlConnection)await database.OpenAsync();
            await using var checkpoint = new Npgsql.NpgsqlCommand("CHECKPOINT", connection);
            await checkpoint.ExecuteNonQueryAsync();
            Console.WriteLine($"          checkpoint after the first load {clock.Elapsed.TotalSeconds:F1} s");
        }

        clock.Restart();
        var upsert = await importer.ImportAsync(second);
        var upsertSeconds = clock.Elapsed.TotalSeconds;
        Check(upsert);
        var updated = upsert.Files.Single(f => f.File.StartsWith("orders", StringComparison.Ordinal)).Updated;
        Console.WriteLine($"{engine,-9} upsert       {changed,10:N0} orders  {upsertSeconds,6:F1} s  {changed / upsertSeconds,9:N0} orders/s  ({updated:N0} updated)");
        PrintPhases(upsert);
    }

    private static void PrintPhases(ImportResult result) =>
        Console.WriteLine("          " + string.Join("  ", result.Phases.Where(p => p.Duration.TotalSeconds >= 0.05).Select(p => $"{p.Phase} {p.Duration.TotalSeconds:F1}s")));

    private static void Check(ImportResult result)
    {
        if (!result.Succeeded)
        {
            throw new InvalidOperationException("import failed: " + string.Join("; ", result.Errors));
        }
    }

    /// <summary>Orders spread over the merchants; every fifth is unsettled in the first file and settled in the second.</summary>
    private static void Generate(string first, string second, int merchants, int orders, int changed)
    {
        var start = new DateTime(2024, 1, 1, 0, 0, 0, DateTimeKind.Utc);
        using (var writer = Writer(Path.Combine(first, "merchants.csv")))
        {
            writer.Write("merchant_id,registered_at,category,region,kyc_verified\n");
            for (var m = 0; m < merchants; m++)
            {
                writer.Write(string.Create(CultureInfo.InvariantCulture, $"M{m:D6},2023-06-01T00:00:00Z,apparel,Zhejiang,true\n"));
            }
        }

        using var all = Writer(Path.Combine(first, "orders.csv"));
        using var later = Writer(Path.Combine(second, "orders.csv"));
        const string Header = "order_id,merchant_id,buyer_id,amount,created_at,shipped_at,settled_at,refunded_at,refund_amount,disputed_at\n";
        all.Write(Header);
        later.Write(Header);
        var written = 0;
        for (var i = 0; i < orders; i++)
        {
            var created = start.AddSeconds(i * 3L);
            var shipped = created.AddHours(20);
            var settled = shipped.AddDays(7);
            var pending = i % 5 == 0 && written < changed;
            var id = string.Create(CultureInfo.InvariantCulture, $"O{i:D9},M{i % merchants:D6},B{(i * 7919L) % 1_000_003:D7},{(i % 50_000) / 100m + 1:0.00},{created:yyyy-MM-ddTHH:mm:ssZ},{shipped:yyyy-MM-ddTHH:mm:ssZ},");
            if (pending)
            {
                all.Write(id + ",,,\n");
                later.Write(string.Create(CultureInfo.InvariantCulture, $"{id}{settled:yyyy-MM-ddTHH:mm:ssZ},,,\n"));
                written++;
            }
            else
            {
                all.Write(string.Create(CultureInfo.InvariantCulture, $"{id}{settled:yyyy-MM-ddTHH:mm:ssZ},,,\n"));
            }
        }
    }

    private static StreamWriter Writer(string path) => new(path, false, new UTF8Encoding(false), 1 << 20);

    private static int Option(string[] args, string name, int fallback) =>
        OptionText(args, name) is { } text ? int.Parse(text, CultureInfo.InvariantCulture) : fallback;

    private static string? OptionText(string[] args, string name)
    {
        var i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
    }
}
