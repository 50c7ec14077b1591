using System.Globalization;
using Microcredit.Scoring.Simulation;

namespace Microcredit.Scoring.Tests.Simulation;

/// <summary>
/// The simulator's files read back with a parser of the tests' own (the generator formats by
/// hand; this side uses the BCL), as plain rows: the raw fields, keyed by header name.
/// </summary>
public sealed class SimulatedData
{
    private SimulatedData(string directory, SimulationOptions options)
    {
        Directory = directory;
        Options = options;
        Merchants = Read("merchants");
        Orders = Read("orders");
        Loans = Read("loans");
        Installments = Read("installments");
        Repayments = Read("repayments");
        LoanOrders = Read("loan_orders");
        Truth = Read("truth");
        MerchantTruth = Read("merchant_truth");
    }

    public string Directory { get; }

    public SimulationOptions Options { get; }

    public CsvTable Merchants { get; }

    public CsvTable Orders { get; }

    public CsvTable Loans { get; }

    public CsvTable Installments { get; }

    public CsvTable Repayments { get; }

    public CsvTable LoanOrders { get; }

    public CsvTable Truth { get; }

    public CsvTable MerchantTruth { get; }

    public static async Task<SimulatedData> GenerateAsync(SimulationOptions options)
    {
        var directory = Path.Combine(Path.GetTempPath(), "microcredit-tests", "sim-" + Guid.NewGuid().ToString("N"));
        await MarketplaceSimulator.RunAsync(options with { Gzip = false }, directory);
        return new SimulatedData(directory, options);
    }

    private CsvTable Read(string name) => CsvTable.Load(Path.Combine(Directory, name + ".csv"));

    public static DateTimeOffset Timestamp(string text) =>
        DateTimeOffset.ParseExact(text, "yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal);

    public static DateOnly Date(string text) => DateOnly.ParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture);

    public static decimal Money(string text) => decimal.Parse(text, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture);

    public static double Number(string text) => double.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture);
}

/// <summary>A CSV file without quoting (the simulator never writes commas or quotes in fields).</summary>
public sealed class CsvTable
{
    private readonly Dictionary<string, int> columns;

    private CsvTable(string[] header, List<string[]> rows)
    {
        Header = header;
        Rows = rows;
        columns = header.Select((name, i) => (name, i)).ToDictionary(c => c.name, c => c.i, StringComparer.Ordinal);
    }

    public string[] Header { get; }

    public List<string[]> Rows { get; }

    public int this[string column] => columns[column];

    public static CsvTable Load(string path)
    {
        using var reader = new StreamReader(path);
        var header = reader.ReadLine()!.Split(',');
        var rows = new List<string[]>();
        while (reader.ReadLine() is { } line)
        {
            rows.Add(line.Split(','));
        }

        return new CsvTable(header, rows);
    }
}
