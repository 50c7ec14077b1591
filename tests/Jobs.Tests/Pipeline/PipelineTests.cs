using System.Text.Json;
using Microcredit.Jobs.Cli;
using Microcredit.Jobs.Tests.Cli;
using Microcredit.Scoring.Storage;
using Microcredit.Tests;

namespace Microcredit.Jobs.Tests.Pipeline;

/// <summary>
/// The nightly pipeline through the CLI on a small simulated marketplace: what one command
/// writes, the next one reads, and the model that comes out ranks loans better than chance.
/// </summary>
public class PipelineTests
{
    [Theory, Engines]
    public async Task SimulateImportFeaturesDatasetTrainScore_RunEndToEnd(DatabaseEngine engine)
    {
        await using var test = await TestDatabase.CreateAsync(engine, migrate: false);
        var work = Directory.CreateTempSubdirectory("microcredit-pipeline");
        try
        {
            var history = Path.Combine(work.FullName, "history");
            var dataset = Path.Combine(work.FullName, "dataset.csv");
            var model = Path.Combine(work.FullName, "model.json");
            var scores = Path.Combine(work.FullName, "scores.csv");

            await Run("simulate", "--merchants", "800", "--months", "18", "--end", "2026-10-31", "--seed", "7", "--out", history, "--gzip");
            await Run("import", "--dir", history, "--database", test.Setting);
            await Run("features", "build", "--as-of", "2026-11-01", "--database", test.Setting);
            await Run("dataset", "build", "--from", "2025-05-01", "--to", "2026-11-01", "--out", dataset, "--database", test.Setting);
            var trained = await Run("train", "--trainer", "scorecard", "--data", dataset, "--target", "default", "--time-column", "disbursed_at", "--ignore", "loan_id,merchant_id", "--out", model, "--json");
            await Run("score", "--model", model, "--data", dataset, "--out", scores);

            using var report = JsonDocument.Parse(trained.Out);
            var auc = report.RootElement.GetProperty("validationAuc").GetDouble();
            Assert.True(auc > 0.55, $"validation AUC {auc}");
            var scored = await File.ReadAllLinesAsync(scores);
            var rows = await File.ReadAllLinesAsync(dataset);
            Assert.Equal(rows.Length, scored.Length);
        }
        finally
        {
            work.Delete(recursive: true);
        }
    }

    private static async Task<CliRunner.Result> Run(params string[] args)
    {
        var result = await CliRunner.RunAsync(args);
        Assert.True(result.ExitCode == ExitCodes.Ok, $"credit {string.Join(' ', args)} exited {result.ExitCode}: {result.Error}");
        return result;
    }
}
