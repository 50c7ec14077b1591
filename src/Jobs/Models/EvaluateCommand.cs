using System.CommandLine;
using System.Globalization;
using Microcredit.Jobs.Cli;
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
        var model = new Option<string>("--model") { Description = "The model JSON written by credit train.", Required = true };
        var data = new Option<string>("--data") { Description = "CSV with the model's feature columns and its target column.", Required = true };
        var target = new Option<string?>("--target") { Description = "The target column, if not named as in training." };
        var json = new Option<bool>("--json") { Description = "Print one JSON object with the metrics on stdout." };
        var command = new Command("evaluate", "Print a model's AUC, Gini, KS, log loss, Brier score, calibration by decile and PSI on a labelled CSV.\n" +
            "Example: credit evaluate --model models/german.json --data ../shared/datasets/german.csv")
        {
            model, data, target, json,
        };
        command.SetAction((parse, _) => ModelCli.RunAsync(async () =>
        {
            var artifact = ModelCli.LoadModel(parse.GetValue(model)!);
            var table = context.Console.Status().Start("Reading data", _ => ModelCli.ReadForModel(parse.GetValue(data)!, artifact));
            var labels = TargetReader.Read(table, parse.GetValue(target) ?? artifact.Target);
            var scored = ScoredRows.Score(artifact, table);
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

            return ExitCodes.Ok;
        }));
        return command;
    }
}
