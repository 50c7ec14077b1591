using System.CommandLine;
using System.Globalization;
using Microcredit.Jobs.Cli;
using Microcredit.Jobs.Models;
using Microcredit.Scoring.Models.Artifacts;
using Microcredit.Scoring.Settlement;
using Microcredit.Scoring.Storage;
using Spectre.Console;

namespace Microcredit.Jobs.Settlement;

/// <summary><c>credit train-settlement</c> and <c>credit settlement dataset</c>: the order settlement model (docs/settlement.md).</summary>
public static class SettlementCommands
{
    public static IEnumerable<Command> Create(CliContext context)
    {
        yield return CreateTrain(context);
        yield return new Command("settlement", "Order settlement model: feature catalog and training data.") { CreateFeatures(context), CreateDataset(context) };
    }

    private static Command CreateFeatures(CliContext context)
    {
        var markdown = new Option<bool>("--markdown") { Description = "Print the catalog as the Markdown section of docs/settlement.md." };
        var command = new Command("features", "Print the order feature catalog of the settlement model.\nExample: credit settlement features --markdown") { markdown };
        command.SetAction(async (parse, cancellationToken) =>
        {
            if (parse.GetValue(markdown))
            {
                await context.Out.WriteAsync(SettlementCatalog.ToMarkdown());
                return ExitCodes.Ok;
            }

            await context.Out.WriteLineAsync($"# order feature set version {SettlementCatalog.Version}");
            foreach (var f in SettlementCatalog.All)
            {
                await context.Out.WriteLineAsync($"{f.Name,-28} {f.Unit,-8} {f.Description}");
                await context.Out.WriteLineAsync($"{"",-28} definition: {f.Definition} Missing: {f.Missing}");
            }

            return ExitCodes.Ok;
        });
        return command;
    }

    private sealed class RangeOptions
    {
        public Option<string> From { get; } = new("--from") { Description = "First shipping date (inclusive), YYYY-MM-DD.", Required = true };

        public Option<string> To { get; } = new("--to") { Description = "Last shipping date (exclusive), YYYY-MM-DD.", Required = true };

        public Option<string?> AsOf { get; } = new("--as-of") { Description = "Only orders whose outcome is known before this date's 00:00 UTC. Default: the day after the latest order event." };

        public Option<int> Seed { get; } = new("--seed") { Description = "Seed of the order sample (above --max-orders) and of the trainer.", DefaultValueFactory = _ => 42 };

        public Option<int> MaxOrders { get; } = new("--max-orders") { Description = "At most this many orders; above it a seeded sample by order id.", DefaultValueFactory = _ => SettlementTrainingSet.DefaultCap };

        public IEnumerable<Option> All => [From, To, AsOf, Seed, MaxOrders];

        public async Task<(SettlementTrainingSet Set, DateOnly From, DateOnly To, DateOnly AsOf)> BuildAsync(CliContext context, ParseResult parse, CancellationToken cancellationToken)
        {
            var from = CliDates.Parse(parse.GetValue(From)!, "--from");
            var to = CliDates.Parse(parse.GetValue(To)!, "--to");
            if (to <= from)
            {
                throw CliException.Usage($"--to ({Text(to)}) must be after --from ({Text(from)}).");
            }

            var cap = parse.GetValue(MaxOrders);
            if (cap < 1)
            {
                throw CliException.Usage("--max-orders must be at least 1.");
            }

            using var database = await context.OpenMigratedAsync(parse.GetValue(CreditCli.DatabaseOption), cancellationToken);
            var asOfText = parse.GetValue(AsOf);
            var asOf = asOfText is not null
                ? CliDates.Parse(asOfText, "--as-of")
                : await SettlementTrainingSet.EndOfDataAsync(database, cancellationToken)
                    ?? throw new CliException("The database holds no orders; import some first (credit import --dir DIR).");
            SettlementTrainingSet set = null!;
            await context.Console.Progress()
                .AutoClear(true)
                .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn())
                .StartAsync(async progress =>
                {
                    var task = progress.AddTask("Loading merchants' orders", maxValue: 1);
                    set = await SettlementTrainingSet.BuildAsync(database, from, to, asOf, cap, parse.GetValue(Seed), new Reporter(p =>
                    {
                        task.MaxValue = Math.Max(1, p.Total);
                        task.Value = p.Done;
                    }), cancellationToken);
                });
            var c = set.Counts;
            await context.Error.WriteLineAsync(
                $"{c.ShippedInRange} orders shipped in [{Text(from)}, {Text(to)}): {c.ClosedBeforeEvaluation} closed or disputed within {SettlementTrainingSet.EvaluationDelay.TotalHours:0} h of shipping, {c.UnknownOutcome} without a known outcome as of {Text(asOf)}; {c.Kept} of {c.Candidates} kept ({set.Examples.Count(e => e.NotSettled)} not settled).");
            if (set.Examples.Count == 0)
            {
                throw new CliException("No order qualifies; check --from, --to and --as-of.");
            }

            return (set, from, to, asOf);
        }
    }

    private static Command CreateTrain(CliContext context)
    {
        var range = new RangeOptions();
        var output = new Option<string>("--out") { Description = "Where to write the model JSON; a scorecard's binning goes beside it as NAME.binning.json.", Required = true };
        var trainer = new Option<string>("--trainer") { Description = "Model family: scorecard or gbdt.", DefaultValueFactory = _ => ModelArtifact.ScorecardFamily };
        trainer.AcceptOnlyFromAmong(ModelArtifact.ScorecardFamily, ModelArtifact.GbdtFamily);
        var json = new Option<bool>("--json") { Description = "Print one JSON object with the results on stdout." };
        var command = new Command(
            "train-settlement",
            "Train the order settlement model on the configured database: orders shipped in [from, to) whose outcome is known at as-of, features " +
            $"{SettlementTrainingSet.EvaluationDelay.TotalHours:0} h after shipping, target not_settled (refunded, or disputed before settling); validated out of time on the latest 20% by shipped_at.\n" +
            "Example: credit train-settlement --from 2024-11-01 --to 2026-10-01 --as-of 2026-11-01 --out models/settlement.json")
        {
            output, trainer, json,
        };
        foreach (var option in range.All)
        {
            command.Options.Add(option);
        }

        command.SetAction((parse, cancellationToken) => ModelCli.RunAsync(async () =>
        {
            var (set, from, to, asOf) = await range.BuildAsync(context, parse, cancellationToken);
            var source = $"orders shipped {Text(from)}..{Text(to)} as of {Text(asOf)}";
            var family = parse.GetValue(trainer)!;
            var seed = parse.GetValue(range.Seed);
            var started = context.Time.GetTimestamp();
            var result = ModelCli.WithProgress(context, "Training", progress => SettlementTraining.Train(set, source, family, seed, progress));
            var seconds = context.Time.GetElapsedTime(started).TotalSeconds;
            cancellationToken.ThrowIfCancellationRequested();
            var outPath = parse.GetValue(output)!;
            var directory = Path.GetDirectoryName(Path.GetFullPath(outPath));
            if (!string.IsNullOrEmpty(directory))
            {
                Directory.CreateDirectory(directory);
            }

            ArtifactJson.Save(result.Artifact, outPath);
            string? binningOut = null;
            if (result.Binnings.Count > 0)
            {
                binningOut = TrainCommand.BinningPathFor(outPath);
                ArtifactJson.SaveBinning(result.Binnings, binningOut);
            }

            var a = result.Artifact;
            var split = a.Validation.Splits[0];
            await context.Error.WriteLineAsync(
                $"Validation AUC {ModelCli.F(a.Validation.Auc)} (out of time: {split.TestRows} orders shipped last, {split.TestEvents} not settled), {a.Schema.Features.Count} features, trained in {seconds:0.0} s. Wrote {outPath}{(binningOut is null ? "" : $" and {binningOut}")}.");
            if (parse.GetValue(json))
            {
                await ModelCli.WriteJsonAsync(context, new
                {
                    model = outPath,
                    binning = binningOut,
                    family = a.Family,
                    target = a.Target,
                    rows = a.Data.Rows,
                    events = a.Data.Events,
                    counts = set.Counts,
                    features = a.Schema.Features.Select(f => f.Name),
                    schemaHash = a.Schema.Hash,
                    validationAuc = a.Validation.Auc,
                    seconds,
                });
            }

            return ExitCodes.Ok;
        }));
        return command;
    }

    private static Command CreateDataset(CliContext context)
    {
        var range = new RangeOptions();
        var output = new Option<string>("--out") { Description = "CSV file to write (replaced if it exists).", Required = true };
        var command = new Command(
            "dataset",
            "Write the settlement training set as CSV: order_id, merchant_id, shipped_at, evaluated_at, the order features, not_settled (the same rows train-settlement trains on).\n" +
            "Example: credit settlement dataset --from 2024-11-01 --to 2026-10-01 --as-of 2026-11-01 --out settlement.csv")
        {
            output,
        };
        foreach (var option in range.All)
        {
            command.Options.Add(option);
        }

        command.SetAction((parse, cancellationToken) => ModelCli.RunAsync(async () =>
        {
            var (set, _, _, _) = await range.BuildAsync(context, parse, cancellationToken);
            CliFiles.WriteAtomically(parse.GetValue(output)!, writer => SettlementCsv.Write(writer, set));
            await context.Error.WriteLineAsync($"Wrote {set.Examples.Count} orders to {parse.GetValue(output)}.");
            return ExitCodes.Ok;
        }));
        return command;
    }

    private static string Text(DateOnly date) => DbTime.ToDb(date);

    /// <summary>Reports synchronously on the loading thread.</summary>
    private sealed class Reporter(Action<(int Done, int Total)> report) : IProgress<(int Done, int Total)>
    {
        public void Report((int Done, int Total) value) => report(value);
    }
}
