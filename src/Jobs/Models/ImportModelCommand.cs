using System.CommandLine;
using Microcredit.Jobs.Cli;
using Microcredit.Scoring.Models.Artifacts;
using Microcredit.Scoring.Models.Scorecard;
using Microcredit.Scoring.Models.Trees;

namespace Microcredit.Jobs.Models;

/// <summary><c>credit import-model</c>: turns a model trained elsewhere (XGBoost JSON) into a Microcredit artifact.</summary>
public static class ImportModelCommand
{
    public static Command Create(CliContext context)
    {
        var xgboost = new Option<string>("--xgboost") { Description = "An XGBoost model saved as JSON (booster.save_model(\"model.json\")), objective binary:logistic.", Required = true };
        var output = new Option<string>("--out") { Description = "Where to write the model artifact.", Required = true };
        var target = new Option<string>("--target") { Description = "The name of the target the model predicts (recorded only).", DefaultValueFactory = _ => "default" };
        var baseScore = new Option<double>("--base-score") { Description = "Points at the base odds.", DefaultValueFactory = _ => 600 };
        var baseOdds = new Option<double>("--base-odds") { Description = "Good:bad odds at the base score.", DefaultValueFactory = _ => 50 };
        var pdo = new Option<double>("--pdo") { Description = "Points to double the odds.", DefaultValueFactory = _ => 20 };
        var command = new Command("import-model", "Import a gradient-boosted model trained with XGBoost so credit score can serve it; its pd equals XGBoost's probability.\n" +
            "Example: credit import-model --xgboost model.json --out models/xgb.json")
        {
            xgboost, output, target, baseScore, baseOdds, pdo,
        };
        command.SetAction((parse, _) => ModelCli.RunAsync(async () =>
        {
            var path = parse.GetValue(xgboost)!;
            if (!File.Exists(path))
            {
                throw new CliException($"{path}: model file not found.");
            }

            ModelArtifact artifact;
            try
            {
                artifact = XgboostImport.Read(
                    await File.ReadAllTextAsync(path),
                    Path.GetFileName(path),
                    ModelCli.Sha256(path),
                    parse.GetValue(target)!,
                    new PointsScale { BaseScore = parse.GetValue(baseScore), BaseOdds = parse.GetValue(baseOdds), PointsToDoubleOdds = parse.GetValue(pdo) });
            }
            catch (System.Text.Json.JsonException ex)
            {
                throw new CliException($"{path}: malformed JSON: {ex.Message}");
            }

            var outPath = parse.GetValue(output)!;
            var directory = Path.GetDirectoryName(Path.GetFullPath(outPath));
            if (!string.IsNullOrEmpty(directory))
            {
                Directory.CreateDirectory(directory);
            }

            ArtifactJson.Save(artifact, outPath);
            await context.Error.WriteLineAsync($"Imported {artifact.Trees!.Trees.Count} trees over {artifact.Schema.Features.Count} features from {path}; wrote {outPath}.");
            return ExitCodes.Ok;
        }));
        return command;
    }
}
