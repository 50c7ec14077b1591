using System.CommandLine;
using Microcredit.Jobs.Cli;
using Microcredit.Scoring.Models.Metrics;
using Microcredit.Scoring.Models.Scoring;
using Microcredit.Scoring.Models.Training;
using Spectre.Console;

namespace Microcredit.Jobs.Models;

/// <summary>
/// <c>credit compare</c>: several models on the same labelled CSV, and each one's AUC difference
/// from the first with DeLong's 95 % interval (exact and deterministic, so no seed is needed).
/// </summary>
public static class CompareCommand
{
    public static Command Create(CliContext context)
    {
        var models = new Option<string[]>("--models")
        {
            Description = "Two or more model JSON files or registered model ids; the first is the baseline the others are compared with.",
            Required = true,
            AllowMultipleArgumentsPerToken = true,
            Arity = ArgumentArity.OneOrMore,
        };
        var data = new Option<string>("--data") { Description = "CSV with every model's feature columns and the target column.", Required = true };
        var target = new Option<string?>("--target") { Description = "The target column. Default: the first model's target." };
        var json = new Option<bool>("--json") { Description = "Print one JSON object with the figures on stdout." };
        var command = new Command(
            "compare",
            "Compare models on the same labelled CSV: AUC, KS, Gini, Brier, log loss, mean pd against the observed default rate, and each model's AUC difference from the first with DeLong's 95 % confidence interval.\n" +
            "Example: credit compare --models models/credit.json challenger.json --data oot.csv")
        {
            models, data, target, json,
        };
        command.SetAction((parse, cancellationToken) => ModelCli.RunAsync(async () =>
        {
            var names = parse.GetValue(models)!;
            if (names.Length < 2)
            {
                throw CliException.Usage("--models needs at least two models to compare.");
            }

            var dataPath = parse.GetValue(data)!;
            if (!File.Exists(dataPath))
            {
                throw new CliException($"{dataPath}: data file not found.");
            }

            var artifacts = new List<Scoring.Models.Artifacts.ModelArtifact>();
            foreach (var name in names)
            {
                artifacts.Add(await ModelSource.LoadAsync(context, name, parse.GetValue(CreditCli.DatabaseOption), cancellationToken));
            }

            var targetName = parse.GetValue(target) ?? artifacts[0].Target;
            var results = new List<ModelFigures>();
            int[]? labels = null;
            context.Console.Progress()
                .AutoClear(true)
                .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new ElapsedTimeColumn())
                .Start(progress =>
                {
                    var task = progress.AddTask("Scoring", maxValue: names.Length);
                    for (var m = 0; m < names.Length; m++)
                    {
                        task.Description = $"Scoring {Markup.Escape(Path.GetFileName(names[m]))}";
                        var table = ModelCli.ReadForModel(dataPath, artifacts[m]);
                        labels ??= TargetReader.Read(table, targetName);
                        var scored = ScoredRows.Score(artifacts[m], table);
                        results.Add(ModelFigures.Of(names[m], artifacts[m].Family, scored, labels));
                        task.Increment(1);
                    }
                });

            var differences = results.Skip(1).Select(r =>
            {
                var test = DeLong.Compare(results[0].Risk, r.Risk, labels);
                return new AucDifference(r.Model, results[0].Model, test.Difference, test.StandardError, test.Lower, test.Upper, test.Z, test.P);
            }).ToList();

            // One column per model, so two or three models fit an 80-column terminal.
            var summary = new Table().Title($"Models on {Markup.Escape(Path.GetFileName(dataPath))} ({labels!.Length} rows, {labels.Sum()} defaults)").AddColumn("metric");
            foreach (var r in results)
            {
                summary.AddColumn(Markup.Escape(ModelSource.IsRegistryId(r.Model) ? r.Model : Path.GetFileName(r.Model)));
            }

            void Row(string name, Func<ModelFigures, int, string> cell) => summary.AddRow([name, .. results.Select((r, m) => cell(r, m))]);
            Row("family", (r, _) => r.Family);
            Row("AUC", (r, _) => ModelCli.F(r.Auc));
            Row("KS", (r, _) => ModelCli.F(r.Ks));
            Row("Gini", (r, _) => ModelCli.F(r.Gini));
            Row("Brier", (r, _) => ModelCli.F(r.Brier));
            Row("log loss", (r, _) => ModelCli.F(r.LogLoss));
            Row("mean pd", (r, _) => ModelCli.F(r.MeanPd));
            Row("default rate", (r, _) => ModelCli.F(r.DefaultRate));
            Row("ΔAUC vs first", (_, m) => m == 0 ? "baseline" : differences[m - 1].Difference.ToString("+0.0000;-0.0000;0.0000", System.Globalization.CultureInfo.InvariantCulture));
            Row("95% CI (DeLong)", (_, m) => m == 0 ? "" : $"{ModelCli.F(differences[m - 1].Lower)} to {ModelCli.F(differences[m - 1].Upper)}");
            Row("p", (_, m) => m == 0 ? "" : ModelCli.F(differences[m - 1].P));
            context.Console.Write(summary);
            if (parse.GetValue(json))
            {
                await ModelCli.WriteJsonAsync(context, new
                {
                    data = dataPath,
                    target = targetName,
                    rows = labels.Length,
                    events = labels.Sum(),
                    method = "DeLong",
                    models = results.Select(r => new { model = r.Model, family = r.Family, auc = r.Auc, ks = r.Ks, gini = r.Gini, brier = r.Brier, logLoss = r.LogLoss, meanPd = r.MeanPd, defaultRate = r.DefaultRate }),
                    differences,
                });
            }

            return ExitCodes.Ok;
        }));
        return command;
    }

    /// <summary>One model's figures; AUC and KS rank by score (lower is riskier), as <c>credit evaluate</c> does.</summary>
    private sealed record ModelFigures(string Model, string Family, double[] Risk, double Auc, double Ks, double Gini, double Brier, double LogLoss, double MeanPd, double DefaultRate)
    {
        public static ModelFigures Of(string model, string family, ScoredRows scored, int[] labels)
        {
            var risk = scored.Scores.Select(s => -s).ToArray();
            var auc = Scoring.Models.Metrics.Auc.Compute(risk, labels);
            return new ModelFigures(
                model,
                family,
                risk,
                auc,
                KolmogorovSmirnov.Compute(risk, labels),
                (2 * auc) - 1,
                ProbabilityLoss.Brier(scored.Pds, labels),
                ProbabilityLoss.LogLoss(scored.Pds, labels),
                scored.Pds.Average(),
                (double)labels.Sum() / labels.Length);
        }
    }

    /// <summary>AUC of <see cref="Model"/> minus AUC of <see cref="Versus"/>, with DeLong's standard error, 95 % interval, z and two-sided p.</summary>
    private sealed record AucDifference(string Model, string Versus, double Difference, double StandardError, double Lower, double Upper, double Z, double P);
}
