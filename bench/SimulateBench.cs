using System.Diagnostics;
using Microcredit.Scoring.Simulation;

namespace Microcredit.Bench;

/// <summary>
/// <c>simulate [--merchants N] [--months M] [--gzip] [--threads T] [--out DIR]</c>: times the
/// simulator end to end (files written to DIR, default a temporary directory deleted afterwards)
/// and reports rows, bytes, throughput and peak memory.
/// </summary>
internal static class SimulateBench
{
    public static async Task<int> RunAsync(string[] args)
    {
        var options = new SimulationOptions { Merchants = 100_000, Months = 24, End = new DateOnly(2026, 10, 31), Seed = 1 };
        string? outDir = null;
        for (var i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--merchants": options = options with { Merchants = int.Parse(args[++i], System.Globalization.CultureInfo.InvariantCulture) }; break;
                case "--months": options = options with { Months = int.Parse(args[++i], System.Globalization.CultureInfo.InvariantCulture) }; break;
                case "--threads": options = options with { Threads = int.Parse(args[++i], System.Globalization.CultureInfo.InvariantCulture) }; break;
                case "--gzip": options = options with { Gzip = true }; break;
                case "--out": outDir = args[++i]; break;
                default:
                    await Console.Error.WriteLineAsync($"unknown option {args[i]}");
                    return 2;
            }
        }

        var directory = outDir ?? Path.Combine(Path.GetTempPath(), "microcredit-bench-simulate-" + Environment.ProcessId);
        var process = Process.GetCurrentProcess();
        var cpuBefore = process.TotalProcessorTime;
        var watch = Stopwatch.StartNew();
        var summary = await MarketplaceSimulator.RunAsync(options, directory);
        watch.Stop();
        process.Refresh();
        var cpu = process.TotalProcessorTime - cpuBefore;
        var bytes = Directory.GetFiles(directory).Sum(f => new FileInfo(f).Length);
        Console.WriteLine($"simulate merchants={options.Merchants} months={options.Months} gzip={options.Gzip} threads={options.Threads}");
        Console.WriteLine($"  orders {summary.Orders:N0}, loans {summary.Loans:N0}, installments {summary.Installments:N0}, repayments {summary.Repayments:N0}, pledges {summary.LoanOrders:N0}");
        Console.WriteLine($"  wall {watch.Elapsed.TotalSeconds:F1} s, cpu {cpu.TotalSeconds:F1} s, {summary.Orders / watch.Elapsed.TotalSeconds / 1e6:F2} M orders/s, {bytes / 1e6:N0} MB written, peak working set {process.PeakWorkingSet64 / 1e6:N0} MB");
        if (outDir is null)
        {
            Directory.Delete(directory, recursive: true);
        }

        return 0;
    }
}
