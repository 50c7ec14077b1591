using System.CommandLine;
using System.Globalization;
using Microcredit.Jobs.Cli;
using Microcredit.Scoring.Features.History;
using Microcredit.Scoring.Features.Snapshots;
using Microcredit.Scoring.Labels;
using Microcredit.Scoring.Models.Data;
using Microcredit.Scoring.Models.Scoring;
using Microcredit.Scoring.Storage;
using Spectre.Console;

namespace Microcredit.Jobs.Models;

/// <summary>
/// <c>credit backtest</c>: a model on the loans of the configured database disbursed in [from, to)
/// whose outcome is known, by monthly vintage. The loans, features and labels are exactly those of
/// <c>credit dataset build</c> (the same training set, read back through its CSV form so money and
/// categories reach the model as they did in training).
/// </summary>
public static class BacktestCommand
{
    public static Command Create(CliContext context)
    {
        var model = new Option<string>("--model") { Description = "A model JSON file or a registered model id.", Required = true };
        var from = new Option<string>("--from") { Description = "First disbursement date (inclusive), YYYY-MM-DD.", Required = true };
        var to = new Option<string>("--to") { Description = "Last disbursement date (exclusive), YYYY-MM-DD.", Required = true };
        var asOf = new Option<string?>("--as-of") { Description = "Only loans whose outcome is known before this date (YYYY-MM-DD). Default: the day after the latest event." };
        var product = new Option<string?>("--product") { Description = "Only loans of this product (credit or order), as a model trained on one product should be tested. Default: all." };
        product.AcceptOnlyFromAmong("credit", "order");
        var json = new Option<bool>("--json") { Description = "Print one JSON object with the vintages on stdout." };
        var command = new Command(
            "backtest",
            "Score the loans disbursed in [from, to) whose outcome is known and report, per disbursement month and in total: loans, defaults, default rate, mean pd, AUC and KS.\n" +
            "Example: credit backtest --model models/credit.json --from 2025-01-01 --to 2025-07-01")
        {
            model, from, to, asOf, product, json,
        };
        command.SetAction((parse, cancellationToken) => ModelCli.RunAsync(async () =>
        {
            var first = CliDates.Parse(parse.GetValue(from)!, "--from");
            var end = CliDates.Parse(parse.GetValue(to)!, "--to");
            if (end <= first)
            {
                throw CliException.Usage($"--to ({Text(end)}) must be after --from ({Text(first)}).");
            }

            var asOfText = parse.GetValue(asOf);
            var asOfDate = asOfText is null ? (DateOnly?)null : CliDates.Parse(asOfText, "--as-of");
            var setting = parse.GetValue(CreditCli.DatabaseOption);
            var artifact = await ModelSource.LoadAsync(context, parse.GetValue(model)!, setting, cancellationToken);
            using var database = await context.OpenMigratedAsync(setting, cancellationToken);
            var (set, known, table) = context.Console.Status().Start("Loading history", status =>
            {
                var history = HistoryLoader.Load(database, cancellationToken);
                if (history.LatestEventAt == long.MinValue)
                {
                    throw new CliException("The database holds no history; import some first (credit import --dir DIR).");
                }

                var knownAt = asOfDate ?? TrainingSet.EndOfData(history);
                status.Status("Computing features as of each disbursement");
                var loans = TrainingSet.Build(history, first, end, knownAt);
                var csv = new StringWriter(CultureInfo.InvariantCulture);
                FeatureCsv.WriteTrainingSet(csv, loans);
                var data = CsvTabularReader.Read(
                    new StringReader(csv.ToString()),
                    $"loans disbursed in [{Text(first)}, {Text(end)})",
                    new CsvReadOptions { Kinds = artifact.Schema.Features.ToDictionary(f => f.Name, f => f.Kind, StringComparer.Ordinal) });
                return (loans, knownAt, data);
            });
            var productText = parse.GetValue(product);
            var chosen = Enumerable.Range(0, set.Examples.Count).Where(i => productText is null || LoanProducts.ToText(set.Examples[i].Product) == productText).ToArray();
            if (chosen.Length == 0)
            {
                throw new CliException($"No {productText ?? "loans"}{(productText is null ? "" : " loans")} disbursed in [{Text(first)}, {Text(end)}) with an outcome known as of {Text(known)} ({set.UnknownOutcome} not yet known).");
            }

            var examples = chosen.Select(i => set.Examples[i]).ToArray();
            table = chosen.Length == set.Examples.Count ? table : table.Select(chosen);
            var scorer = artifact.CreateScorer();
            var scores = new double[table.RowCount];
            var pds = new double[table.RowCount];
            context.Console.Status().Start("Scoring", _ => scorer.ScoreBatch(RowEncoder.Encode(table, scorer.Schema), scores, pds));
            var labels = examples.Select(e => e.Default ? 1 : 0).ToArray();
            var vintages = examples.Select(e => DbTime.FromDb(e.DisbursedAt).ToString("yyyy-MM", CultureInfo.InvariantCulture)).ToArray();
            var rows = Vintages.Compute(vintages, scores, pds, labels);

            static string F(double? value) => value is { } v ? ModelCli.F(v) : "";
            var output = new Table().Title(Markup.Escape($"Backtest of {Path.GetFileName(parse.GetValue(model)!)}: loans disbursed in [{Text(first)}, {Text(end)}), outcomes known as of {Text(known)}"))
                .AddColumns("vintage", "loans", "defaults", "default rate", "mean pd", "AUC", "KS");
            foreach (var row in rows)
            {
                output.AddRow(
                    row.Vintage == Vintages.Total ? "[bold]total[/]" : row.Vintage,
                    row.Loans.ToString(CultureInfo.InvariantCulture),
                    row.Defaults.ToString(CultureInfo.InvariantCulture),
                    F(row.DefaultRate),
                    F(row.MeanPd),
                    F(row.Auc),
                    F(row.Ks));
            }

            context.Console.Write(output);
            await context.Error.WriteLineAsync($"Left out {set.UnknownOutcome} loans with outcome not yet known, {set.NoFeatureRow} disbursed on the registration day. AUC and KS are blank where a vintage has no defaults or no goods.");
            if (parse.GetValue(json))
            {
                await ModelCli.WriteJsonAsync(context, new
                {
                    model = parse.GetValue(model),
                    from = Text(first),
                    to = Text(end),
                    asOf = Text(known),
                    product = productText,
                    unknownOutcome = set.UnknownOutcome,
                    noFeatureRow = set.NoFeatureRow,
                    vintages = rows.Where(r => r.Vintage != Vintages.Total),
                    total = rows[^1],
                });
            }

            return ExitCodes.Ok;
        }));
        return command;
    }

    private static string Text(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
