using System.CommandLine;
using System.Globalization;
using Microcredit.Jobs.Cli;
using Microcredit.Jobs.Models.Reports;
using Microcredit.Scoring.Models.Metrics;
using Microcredit.Scoring.Models.Scoring;
using Microcredit.Scoring.Models.Training;
using Spectre.Console;

namespace Microcredit.Jobs.Models;

/// <summary><c>credit evaluate</c>: a model's metrics on a labelled CSV, and its drift (PSI) from the training sample.</summary>
public static class EvaluateCommand
{
    public static Command Create(CliContext context)
    {
        var model = new Option<string>("--model") { Description = "The model JSON written by credit train, or a registered model id.", Required = true };
        var data = new Option<string>("--data") { Description = "CSV with the model's feature columns and its target column.", Required = true };
        var target = new Option<string?>("--target") { Description = "The target column, if not named as in training." };
        var json = new Option<bool>("--json") { Description = "Print one JSON object with the metrics on stdout." };
        var report = new Option<string?>("--report")
        {
            Description = "Also write a self-contained HTML report (ROC, KS curve, score distributions, calibration, PSI table, reason frequencies) to this file, and its numbers to the same name with .json.",
        };
        var command = new Command("evaluate", "Print a model's AUC, Gini, KS, log loss, Brier score, calibration by decile and PSI on a labelled CSV; optionally write an HTML report.\n" +
            "Example: credit evaluate --model models/credit.json --data test.csv --report reports/credit.html")
        {
            model, data, target, json, report,
        };
        command.SetAction((parse, cancellationToken) => ModelCli.RunAsync(async () =>
        {
            var reportPath = parse.GetValue(report);
            if (reportPath is not null && Path.GetExtension(reportPath).Equals(".json", StringComparison.OrdinalIgnoreCase))
            {
                throw CliException.Usage($"--report {reportPath}: give the HTML file; its numbers go beside it as .json.");
            }

            var dataPath = parse.GetValue(data)!;
            if (!File.Exists(dataPath))
            {
                throw new CliException($"{dataPath}: data file not found.");
            }

            var artifact = await ModelSource.LoadAsync(context, parse.GetValue(model)!, parse.GetValue(CreditCli.DatabaseOption), cancellationToken);
            var table = context.Console.Status().Start("Reading data", _ => ModelCli.ReadForModel(dataPath, artifact));
            var targetName = parse.GetValue(target) ?? artifact.Target;
            var labels = TargetReader.Read(table, targetName);
            var scored = context.Console.Status().Start("Scoring", _ => ScoredRows.Score(artifact, table));
            var metrics = BinaryMetrics.Compute(scored.Pds, labels);
            var rankAuc = Auc.Compute([.. scored.Scores.Select(s => -s)], labels);
            var calibration = CalibrationTable.Compute(scored.Pds, labels);
            var scorePsi = scored.ScorePsi();
            var featurePsi = scored.FeaturePsi();

            var summary = new Table().Title("Evaluation").AddColumns("metric", "value");
            summary.AddRow("rows", metrics.Rows.ToString(CultureInfo.InvariantCulture));
            summary.AddRow("events", metrics.Events.ToString(CultureInfo.InvariantCulture));
            summary.AddRow("AUC", ModelCli.F(rankAuc));
            summary.AddRow("Gini", ModelCli.F((2 * rankAuc) - 1));
            summary.AddRow("KS", ModelCli.F(metrics.Ks));
            summary.AddRow("log loss", ModelCli.F(metrics.LogLoss));
            summary.AddRow("Brier", ModelCli.F(metrics.Brier));
            summary.AddRow("score PSI", ModelCli.F(scorePsi));
            context.Console.Write(summary);
            var deciles = new Table().Title("Calibration by decile of pd").AddColumns("group", "rows", "mean pd", "event rate");
            foreach (var row in calibration)
            {
                deciles.AddRow(row.Group.ToString(CultureInfo.InvariantCulture), row.Count.ToString(CultureInfo.InvariantCulture), ModelCli.F(row.MeanPd), ModelCli.F(row.EventRate));
            }

            context.Console.Write(deciles);
            if (parse.GetValue(json))
            {
                await ModelCli.WriteJsonAsync(context, new
                {
                    model = parse.GetValue(model),
                    rows = metrics.Rows,
                    events = metrics.Events,
                    auc = rankAuc,
                    gini = (2 * rankAuc) - 1,
                    ks = metrics.Ks,
                    logLoss = metrics.LogLoss,
                    brier = metrics.Brier,
                    scorePsi,
                    featurePsi = featurePsi.Select(f => new { feature = f.Feature, psi = f.Psi }),
                    calibrationTable = calibration,
                });
            }

            if (reportPath is not null)
            {
                var written = context.Console.Status().Start("Writing the report", _ => ReportFiles.Write(reportPath, EvaluationReportBuilder.Build(parse.GetValue(model)!, dataPath, targetName, scored, labels)));
                await context.Error.WriteLineAsync($"Wrote {written.Html} and {written.Json}.");
            }

            return ExitCodes.Ok;
        }));
        return command;
    }
}
