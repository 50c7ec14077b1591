using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using Microcredit.Jobs.Cli;
using Microcredit.Scoring.Features;
using Microcredit.Scoring.Features.Engine;
using Microcredit.Scoring.Features.History;
using Microcredit.Scoring.Features.Snapshots;
using Microcredit.Scoring.Labels;

namespace Microcredit.Jobs.Features;

/// <summary><c>credit features list|build|export</c> and <c>credit dataset build</c>.</summary>
public static class FeaturesCommands
{
    /// <summary>Adds <c>features</c> and <c>dataset</c> to the root command.</summary>
    public static void AddTo(RootCommand root, CliContext context)
    {
        ArgumentNullException.ThrowIfNull(root);
        root.Subcommands.Add(CreateFeatures(context));
        root.Subcommands.Add(CreateDataset(context));
    }

    private static Command CreateFeatures(CliContext context)
    {
        var markdown = new Option<bool>("--markdown") { Description = "Print the catalog as the Markdown section of docs/features.md." };
        var list = new Command("list", "Print the feature catalog: name, unit and description of every feature.\nExample: credit features list --markdown") { markdown };
        list.SetAction(async (parse, cancellationToken) =>
        {
            if (parse.GetValue(markdown))
            {
                await context.Out.WriteAsync(FeatureCatalog.ToMarkdown());
                return ExitCodes.Ok;
            }

            await context.Out.WriteLineAsync($"# feature set version {FeatureCatalog.Version}");
            foreach (var f in FeatureCatalog.All)
            {
                await context.Out.WriteLineAsync($"{f.Name,-26} {f.Unit,-16} {f.Description}");
                await context.Out.WriteLineAsync($"{"",-26} definition: {f.Definition} Window timestamp: {f.Attribution}. Missing: {f.Missing}");
            }

            return ExitCodes.Ok;
        });

        var buildAsOf = AsOfOption(required: true);
        var build = new Command("build", "Compute features for every merchant as of a date (events before its 00:00 UTC) and store the snapshot, replacing one already stored.\nExample: credit features build --as-of 2025-07-01") { buildAsOf };
        build.SetAction(async (parse, cancellationToken) =>
        {
            var asOf = CliDates.Parse(parse.GetValue(buildAsOf)!, "--as-of");
            using var database = await context.OpenMigratedAsync(parse.GetValue(CreditCli.DatabaseOption), cancellationToken);
            var clock = Stopwatch.StartNew();
            var history = HistoryLoader.Load(database, cancellationToken);
            var loaded = clock.Elapsed;
            var matrix = FeatureEngine.ComputeAsOf(history, asOf);
            var computed = clock.Elapsed - loaded;
            await FeatureSnapshotStore.SaveAsync(database, matrix, context.Time, cancellationToken);
            await context.Error.WriteLineAsync(
                $"Stored features of {matrix.RowCount} merchants as of {Text(asOf)} (feature set v{FeatureCatalog.Version}): " +
                $"loaded {history.OrderCount} orders in {loaded.TotalSeconds:0.0} s, computed in {computed.TotalSeconds:0.0} s, stored in {(clock.Elapsed - loaded - computed).TotalSeconds:0.0} s.");
            return ExitCodes.Ok;
        });

        var exportAsOf = AsOfOption(required: true);
        var exportOut = OutOption();
        var export = new Command("export", "Write a stored feature snapshot as CSV: merchant_id, then one column per feature.\nExample: credit features export --as-of 2025-07-01 --out features.csv") { exportAsOf, exportOut };
        export.SetAction(async (parse, cancellationToken) =>
        {
            var asOf = CliDates.Parse(parse.GetValue(exportAsOf)!, "--as-of");
            using var database = await context.OpenMigratedAsync(parse.GetValue(CreditCli.DatabaseOption), cancellationToken);
            var matrix = await FeatureSnapshotStore.LoadAsync(database, asOf, cancellationToken)
                ?? throw new CliException($"No feature snapshot as of {Text(asOf)} (feature set v{FeatureCatalog.Version}); run: credit features build --as-of {Text(asOf)}");
            var path = parse.GetValue(exportOut)!;
            CliFiles.WriteAtomically(path, writer => FeatureCsv.WriteSnapshot(writer, matrix));
            await context.Error.WriteLineAsync($"Wrote {matrix.RowCount} merchants as of {Text(asOf)} to {path}.");
            return ExitCodes.Ok;
        });

        return new Command("features", "Merchant features: catalog, snapshots, exports.") { list, build, export };
    }

    private static Command CreateDataset(CliContext context)
    {
        var from = new Option<string>("--from") { Description = "First disbursement date (inclusive), YYYY-MM-DD.", Required = true };
        var to = new Option<string>("--to") { Description = "Last disbursement date (exclusive), YYYY-MM-DD.", Required = true };
        var asOfOption = AsOfOption(required: false);
        asOfOption.Description = "Only loans whose outcome is known before this date (YYYY-MM-DD). Default: the day after the latest event.";
        var output = OutOption();
        var build = new Command(
            "build",
            "Write a training set: one row per loan disbursed in [from, to) whose outcome is known at as-of, with its features as of its disbursement date and its default label.\nExample: credit dataset build --from 2024-01-01 --to 2025-01-01 --out train.csv")
        {
            from, to, asOfOption, output,
        };
        build.SetAction(async (parse, cancellationToken) =>
        {
            var first = CliDates.Parse(parse.GetValue(from)!, "--from");
            var end = CliDates.Parse(parse.GetValue(to)!, "--to");
            if (end <= first)
            {
                throw CliException.Usage($"--to ({Text(end)}) must be after --from ({Text(first)}).");
            }

            var asOfText = parse.GetValue(asOfOption);
            using var database = await context.OpenMigratedAsync(parse.GetValue(CreditCli.DatabaseOption), cancellationToken);
            var history = HistoryLoader.Load(database, cancellationToken);
            if (history.LatestEventAt == long.MinValue)
            {
                throw new CliException("The database holds no history; import some first (credit import --dir DIR).");
            }

            var asOf = asOfText is null ? TrainingSet.EndOfData(history) : CliDates.Parse(asOfText, "--as-of");
            var set = TrainingSet.Build(history, first, end, asOf);
            var path = parse.GetValue(output)!;
            CliFiles.WriteAtomically(path, writer => FeatureCsv.WriteTrainingSet(writer, set));
            await context.Error.WriteLineAsync(
                $"Wrote {set.Examples.Count} loans disbursed in [{Text(first)}, {Text(end)}) with outcomes known as of {Text(asOf)} " +
                $"({set.Examples.Count(e => e.Default)} defaults) to {path}; left out {set.UnknownOutcome} with outcome not yet known, " +
                $"{set.NoFeatureRow} disbursed on the registration day.");
            return ExitCodes.Ok;
        });

        return new Command("dataset", "Training sets: loans with features and default labels.") { build };
    }

    private static Option<string> AsOfOption(bool required) =>
        new("--as-of") { Description = "As-of date (YYYY-MM-DD): only events before its 00:00 UTC count.", Required = required };

    private static Option<string> OutOption() =>
        new("--out") { Description = "CSV file to write (replaced if it exists).", Required = true };

    private static string Text(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
