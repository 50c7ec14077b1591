using System.Security.Cryptography;
using System.Text.Json;
using Microcredit.Jobs.Cli;
using Microcredit.Jobs.Tests.Cli;
using Microcredit.Scoring.Models.Artifacts;
using Microcredit.Scoring.Settlement;
using Microcredit.Scoring.Storage;
using Microcredit.Tests;

namespace Microcredit.Jobs.Tests.Settlement;

public class SettlementCommandsTests
{
    [Theory, Engines]
    public async Task TrainSettlementAndDataset_OnAnImportedHistory_AgreeAndAreReproducible(DatabaseEngine engine)
    {
        await using var test = await TestDatabase.CreateAsync(engine, migrate: false);
        var work = Directory.CreateTempSubdirectory("microcredit-settlement");
        try
        {
            var history = Path.Combine(work.FullName, "history");
            var first = Path.Combine(work.FullName, "a.json");
            var second = Path.Combine(work.FullName, "b.json");
            var dataset = Path.Combine(work.FullName, "orders.csv");
            string[] range = ["--from", "2025-11-01", "--to", "2026-10-01", "--as-of", "2026-11-01", "--max-orders", "20000", "--database", test.Setting];

            await Run("simulate", "--merchants", "300", "--months", "12", "--end", "2026-10-31", "--seed", "3", "--out", history);
            await Run("import", "--dir", history, "--database", test.Setting);
            var trained = await Run(["train-settlement", .. range, "--out", first, "--json"]);
            await Run(["train-settlement", .. range, "--out", second]);
            await Run(["settlement", "dataset", .. range, "--out", dataset]);

            using var report = JsonDocument.Parse(trained.Out);
            var root = report.RootElement;
            Assert.InRange(root.GetProperty("validationAuc").GetDouble(), 0.55, 1.0);
            Assert.Equal(await File.ReadAllBytesAsync(first), await File.ReadAllBytesAsync(second));
            var model = SettlementModel.Load(first);
            var lines = await File.ReadAllLinesAsync(dataset);
            Assert.Equal(root.GetProperty("rows").GetInt32(), lines.Length - 1);
            Assert.StartsWith("order_id,merchant_id,shipped_at,evaluated_at,ORDER_AMOUNT,", lines[0], StringComparison.Ordinal);
            Assert.EndsWith(",CATEGORY,not_settled", lines[0], StringComparison.Ordinal);
            Assert.Equal(model.Artifact.Data.Sha256, Convert.ToHexStringLower(SHA256.HashData(await File.ReadAllBytesAsync(dataset))));
            Assert.Contains("Validation AUC", trained.Error, StringComparison.Ordinal);
        }
        finally
        {
            work.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task TrainSettlement_Help_ShowsAnExample()
    {
        var result = await CliRunner.RunAsync("train-settlement", "--help");

        Assert.Equal(ExitCodes.Ok, result.ExitCode);
        Assert.Contains("Example: credit train-settlement", result.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TrainSettlement_WithToBeforeFrom_IsAUsageError()
    {
        var result = await CliRunner.RunAsync("train-settlement", "--from", "2026-01-01", "--to", "2025-01-01", "--out", "x.json", "--database", Path.Combine(Path.GetTempPath(), $"{Guid.NewGuid():N}.db"));

        Assert.Equal(ExitCodes.Usage, result.ExitCode);
        Assert.Contains("--to", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SettlementFeatures_Markdown_IsTheCatalog()
    {
        var result = await CliRunner.RunAsync("settlement", "features", "--markdown");

        Assert.Equal(ExitCodes.Ok, result.ExitCode);
        Assert.Equal(SettlementCatalog.ToMarkdown(), result.Out);
    }

    private static async Task<CliRunner.Result> Run(params string[] args)
    {
        var result = await CliRunner.RunAsync(args);
        Assert.True(result.ExitCode == ExitCodes.Ok, $"credit {string.Join(' ', args)} exited {result.ExitCode}: {result.Error}");
        return result;
    }
}
