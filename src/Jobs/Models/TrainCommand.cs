using System.CommandLine;
using Microcredit.Jobs.Cli;
using Microcredit.Scoring.Models.Artifacts;
using Microcredit.Scoring.Models.Calibration;
using Microcredit.Scoring.Models.Data;
using Microcredit.Scoring.Models.Scorecard;
using Microcredit.Scoring.Models.Training;
using Spectre.Console;

namespace Microcredit.Jobs.Models;

/// <summary><c>credit train</c>: trains a model on a CSV, validates it, writes the artifact and its binning file.</summary>
public static class TrainCommand
{
    public static Command Create(CliContext context)
    {
        var data = new Option<string>("--data") { Description = "CSV file with a header row; empty fields and NA are missing.", Required = true };
        var target = new Option<string>("--target") { Description = "The 0/1 target column (1 = bad).", Required = true };
        var trainer = new Option<string?>("--trainer") { Description = "Model family; without it, a search over the families and their settings picks one." };
        var timeBudget = new Option<int>("--time-budget") { Description = "Search: seconds to spend starting trials (a trial under way finishes).", DefaultValueFactory = _ => 120 };
        var maxTrials = new Option<int?>("--max-trials") { Description = "Search: run exactly N trials (reproducible byte for byte) instead of a time budget." };
        trainer.AcceptOnlyFromAmong(ModelArtifact.ScorecardFamily, ModelArtifact.GbdtFamily);
        var gbdt = new GbdtCliOptions();
        var foldColumn = new Option<string?>("--fold-column") { Description = "Validate on the folds this column gives." };
        var timeColumn = new Option<string?>("--time-column") { Description = "Without folds: validate out of time on the latest 20% by this column." };
        var output = new Option<string>("--out") { Description = "Where to write the model JSON; the binning goes beside it as NAME.binning.json.", Required = true };
        var json = new Option<bool>("--json") { Description = "Print one JSON object with the results on stdout." };
        var ignore = new Option<string?>("--ignore") { Description = "Columns to leave out, comma-separated." };
        var categorical = new Option<string?>("--categorical") { Description = "Columns to read as categories though they hold numbers, comma-separated." };
        var special = new Option<string[]>("--special") { Description = "Special values binned on their own: COLUMN=V1,V2 (repeatable).", AllowMultipleArgumentsPerToken = false };
        var binning = new Option<string?>("--binning") { Description = "A binning JSON file (as training writes) whose bins are used as given." };
        var seed = new Option<int>("--seed") { Description = "Seed of the cross-validation split and of the trees' sampling.", DefaultValueFactory = _ => 42 };
        var calibration = new Option<string>("--calibration") { Description = "platt or isotonic.", DefaultValueFactory = _ => "platt" };
        calibration.AcceptOnlyFromAmong("platt", "isotonic");
        var baseScore = new Option<double>("--base-score") { Description = "Points at the base odds.", DefaultValueFactory = _ => 600 };
        var baseOdds = new Option<double>("--base-odds") { Description = "Good:bad odds at the base score.", DefaultValueFactory = _ => 50 };
        var pdo = new Option<double>("--pdo") { Description = "Points to double the odds.", DefaultValueFactory = _ => 20 };

        var command = new Command("train", "Train a model on a CSV with a binary target, validate it and save it as JSON.\n" +
            "Validation: the given folds (--fold-column), else out-of-time on the latest 20% (--time-column), else stratified 5-fold CV.\n" +
            "Without --trainer: a search (scorecard, boosted trees) within --time-budget seconds or --max-trials N, chosen by validation AUC.\n" +
            "Boosted trees: --trainer gbdt with --trees, --max-depth, --learning-rate, --monotone COL=-1 and the like.\n" +
            "Example: credit train --data ../shared/datasets/german.csv --target default --fold-column fold --out models/german.json")
        {
            data, target, trainer, timeBudget, maxTrials, foldColumn, timeColumn, output, json, ignore, categorical, special, binning, seed, calibration, baseScore, baseOdds, pdo,
        };
        foreach (var option in gbdt.All)
        {
            command.Options.Add(option);
        }

        command.SetAction((parse, cancellationToken) => ModelCli.RunAsync(async () =>
        {
            var dataPath = parse.GetValue(data)!;
            var outPath = parse.GetValue(output)!;
            var binningPath = parse.GetValue(binning);
            var specials = ModelCli.Specials(parse.GetValue(special));
            var given = parse.GetValue(trainer);
            var family = given ?? ModelArtifact.ScorecardFamily;
            if (family != ModelArtifact.GbdtFamily && gbdt.AnyGiven(parse))
            {
                throw CliException.Usage("The tree options (--trees, --max-depth, --monotone, ...) need --trainer gbdt.");
            }

            if (given is not null && (parse.GetResult(maxTrials) is { Implicit: false } || parse.GetResult(timeBudget) is { Implicit: false }))
            {
                throw CliException.Usage("--time-budget and --max-trials drive the search; leave out --trainer to search.");
            }

            if (parse.GetValue(maxTrials) is < 1 || parse.GetValue(timeBudget) < 0)
            {
                throw CliException.Usage("--max-trials must be at least 1 and --time-budget not negative.");
            }

            var options = new TrainingOptions
            {
                Gbdt = family == ModelArtifact.GbdtFamily ? gbdt.Read(parse) : null,
                Target = parse.GetValue(target)!,
                Trainer = family,
                FoldColumn = parse.GetValue(foldColumn),
                TimeColumn = parse.GetValue(timeColumn),
                Seed = parse.GetValue(seed),
                Calibration = parse.GetValue(calibration) == "isotonic" ? CalibrationMethod.Isotonic : CalibrationMethod.Platt,
                Ignore = ModelCli.Names(parse.GetValue(ignore)),
                BinningFile = binningPath is null ? null : Path.GetFileName(binningPath),
                Scorecard = new ScorecardOptions
                {
                    Binning = new() { Special = specials },
                    Scale = new PointsScale { BaseScore = parse.GetValue(baseScore), BaseOdds = parse.GetValue(baseOdds), PointsToDoubleOdds = parse.GetValue(pdo) },
                    FixedBinnings = binningPath is null ? new Dictionary<string, Scoring.Models.Binning.FeatureBinning>() : ArtifactJson.LoadBinning(binningPath),
                },
            };
            if (options.FoldColumn is not null && options.TimeColumn is not null)
            {
                throw CliException.Usage("Give --fold-column or --time-column, not both.");
            }

            var started = context.Time.GetTimestamp();
            var table = context.Console.Status().Start($"Reading {dataPath}", _ => CsvTabularReader.Read(dataPath, new CsvReadOptions
            {
                Categorical = ModelCli.Names(parse.GetValue(categorical)).ToHashSet(StringComparer.Ordinal),
            }));
            foreach (var column in specials.Keys.Where(k => table.Find(k) is not { Kind: ColumnKind.Numeric }))
            {
                throw CliException.Usage($"--special {column}: no numeric column of that name in {dataPath}.");
            }

            var loadSeconds = context.Time.GetElapsedTime(started).TotalSeconds;
            var sha = ModelCli.Sha256(dataPath);
            var trainStart = context.Time.GetTimestamp();
            IReadOnlyList<(SearchTrial Trial, TimeSpan Elapsed)> log = [];
            var result = given is not null
                ? ModelCli.WithProgress(context, "Training", progress => ModelTrainer.Train(table, sha, options, progress))
                : ModelCli.WithProgress(context, "Searching", progress =>
                {
                    var (best, trials) = ModelSearch.Run(table, sha, options, TimeSpan.FromSeconds(parse.GetValue(timeBudget)), parse.GetValue(maxTrials), context.Time, parse.GetValue(gbdt.Threads), progress);
                    log = trials;
                    return best;
                });
            var trainSeconds = context.Time.GetElapsedTime(trainStart).TotalSeconds;
            if (log.Count > 0)
            {
                ReportSearch(context, log);
            }

            cancellationToken.ThrowIfCancellationRequested();

            var directory = Path.GetDirectoryName(Path.GetFullPath(outPath));
            if (!string.IsNullOrEmpty(directory))
            {
                Directory.CreateDirectory(directory);
            }

            var binningOut = BinningPathFor(outPath);
            ArtifactJson.Save(result.Artifact, outPath);
            ArtifactJson.SaveBinning(result.Binnings, binningOut);
            Report(context, result.Artifact, outPath, binningOut);
            if (parse.GetValue(json))
            {
                var a = result.Artifact;
                var v = a.Validation;
                await ModelCli.WriteJsonAsync(context, new
                {
                    model = outPath,
                    binning = binningOut,
                    family = a.Family,
                    target = a.Target,
                    rows = a.Data.Rows,
                    events = a.Data.Events,
                    features = a.Schema.Features.Select(f => f.Name),
                    schemaHash = a.Schema.Hash,
                    validationAuc = v.Auc,
                    validation = new
                    {
                        method = v.Method,
                        column = v.Column,
                        auc = v.Auc,
                        gini = v.Gini,
                        ks = v.Pooled.Ks,
                        logLoss = v.Pooled.LogLoss,
                        brier = v.Pooled.Brier,
                        pooledAuc = v.Pooled.Auc,
                        splits = v.Splits,
                    },
                    calibration = a.Calibration.Method,
                    search = a.Search,
                    seconds = new { load = loadSeconds, train = trainSeconds },
                    warnings = a.Warnings,
                });
            }

            return ExitCodes.Ok;
        }));
        return command;
    }

    private static void ReportSearch(CliContext context, IReadOnlyList<(SearchTrial Trial, TimeSpan Elapsed)> log)
    {
        var table = new Table().Title("Model search (by validation AUC, then log loss)").AddColumns("trial", "model", "AUC", "log loss", "Brier", "seconds", "chosen");
        foreach (var (trial, elapsed) in log)
        {
            var options = new TrainingOptions { Target = "", Trainer = trial.Trainer, Gbdt = trial.Gbdt };
            table.AddRow(trial.Trial.ToString(System.Globalization.CultureInfo.InvariantCulture), Markup.Escape(ModelSearch.Describe(options)), ModelCli.F(trial.Auc), ModelCli.F(trial.LogLoss), ModelCli.F(trial.Brier), ModelCli.F(elapsed.TotalSeconds, "0.0"), trial.Chosen ? "*" : "");
        }

        context.Console.Write(table);
    }

    /// <summary><c>models/x.json</c> → <c>models/x.binning.json</c>.</summary>
    public static string BinningPathFor(string modelPath) =>
        (modelPath.EndsWith(".json", StringComparison.OrdinalIgnoreCase) ? modelPath[..^5] : modelPath) + ".binning.json";

    private static void Report(CliContext context, ModelArtifact artifact, string outPath, string binningOut)
    {
        var console = context.Console;
        foreach (var warning in artifact.Warnings)
        {
            console.MarkupLineInterpolated($"[yellow]warning:[/] {warning}");
        }

        var splits = new Table().Title($"Validation ({artifact.Validation.Method})").AddColumns("split", "train rows", "test rows", "test events", "features", "AUC", "KS");
        foreach (var s in artifact.Validation.Splits)
        {
            splits.AddRow(s.Name, s.TrainRows.ToString(System.Globalization.CultureInfo.InvariantCulture), s.TestRows.ToString(System.Globalization.CultureInfo.InvariantCulture), s.TestEvents.ToString(System.Globalization.CultureInfo.InvariantCulture), s.Features.ToString(System.Globalization.CultureInfo.InvariantCulture), ModelCli.F(s.Auc), ModelCli.F(s.Ks));
        }

        console.Write(splits);
        var features = new Table().Title("Features (final model)").AddColumns("feature", "IV", "status", "reason");
        foreach (var d in artifact.Selection)
        {
            features.AddRow(Markup.Escape(d.Feature), ModelCli.F(d.Iv), d.Status, Markup.Escape(d.Reason));
        }

        if (artifact.Selection.Count > 0)
        {
            console.Write(features);
        }

        if (artifact.Trees is { } trees)
        {
            console.MarkupLineInterpolated($"Boosted trees: {trees.Trees.Count} trees, deepest {trees.Trees.Max(t => t.Depth())}, {trees.Trees.Sum(t => t.NodeCount)} nodes.");
        }
        console.MarkupLineInterpolated($"Validation AUC {ModelCli.F(artifact.Validation.Auc)} (Gini {ModelCli.F(artifact.Validation.Gini)}), {artifact.Schema.Features.Count} features. Wrote {outPath} and {binningOut}.");
    }
}
