using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using Microcredit.Jobs.Cli;
using Microcredit.Scoring.Simulation;

namespace Microcredit.Jobs.Simulation;

/// <summary><c>credit simulate</c>: writes a simulated marketplace history with known truth.</summary>
public static class SimulateCommand
{
    public static Command Create(CliContext context)
    {
        var merchants = new Option<int>("--merchants") { Description = "Number of merchants (some register during the history).", DefaultValueFactory = _ => 2_000 };
        var months = new Option<int>("--months") { Description = "Months of history ending on --end.", DefaultValueFactory = _ => 24 };
        var end = new Option<string>("--end") { Description = "Last day of the history (YYYY-MM-DD); nothing after it appears.", Required = true };
        var seed = new Option<ulong>("--seed") { Description = "Random seed; the same arguments give byte-identical files.", DefaultValueFactory = _ => 1 };
        var outDir = new Option<string>("--out") { Description = "Directory to write the files into (created if missing).", Required = true };
        var gzip = new Option<bool>("--gzip") { Description = "Write NAME.csv.gz instead of NAME.csv." };

        var command = new Command("simulate", "Simulate a marketplace: merchants, orders, loans, installments, repayments, loan_orders, plus truth.csv (loan_id,true_pd) and merchant_truth.csv.\nExample: credit simulate --merchants 2000 --months 24 --end 2026-10-31 --seed 1 --out data-samples --gzip")
        {
            merchants, months, end, seed, outDir, gzip,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            if (!DateOnly.TryParseExact(parse.GetValue(end), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var endDate))
            {
                throw CliException.Usage($"--end must be a date YYYY-MM-DD, got '{parse.GetValue(end)}'.");
            }

            var options = new SimulationOptions
            {
                Merchants = parse.GetValue(merchants),
                Months = parse.GetValue(months),
                End = endDate,
                Seed = parse.GetValue(seed),
                Gzip = parse.GetValue(gzip),
            };
            if (options.Merchants < 1)
            {
                throw CliException.Usage("--merchants must be at least 1.");
            }

            if (options.Months < 1 || options.Months > 240)
            {
                throw CliException.Usage("--months must be between 1 and 240.");
            }

            var directory = parse.GetValue(outDir)!;
            var watch = Stopwatch.StartNew();
            var summary = await MarketplaceSimulator.RunAsync(options, directory, cancellationToken);
            await context.Error.WriteLineAsync(
                $"Simulated {summary.Merchants:N0} merchants, {summary.Orders:N0} orders, {summary.Loans:N0} loans ({summary.Installments:N0} installments, {summary.Repayments:N0} repayments, {summary.LoanOrders:N0} pledges) from {options.Start:yyyy-MM-dd} to {options.End:yyyy-MM-dd} into {directory} in {watch.Elapsed.TotalSeconds:F1} s.");
            return ExitCodes.Ok;
        });
        return command;
    }
}
