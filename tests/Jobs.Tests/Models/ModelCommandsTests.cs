using System.Text.Json;
using Microcredit.Jobs.Cli;
using Microcredit.Jobs.Tests.Cli;

namespace Microcredit.Jobs.Tests.Models;

public sealed class ModelCommandsTests : IDisposable
{
    private readonly string directory = Path.Combine(Path.GetTempPath(), "microcredit-model-cli", Guid.NewGuid().ToString("N"));

    public ModelCommandsTests() => Directory.CreateDirectory(directory);

    public void Dispose() => Directory.Delete(directory, recursive: true);

    [Fact]
    public async Task Train_WithJson_WritesTheModelAndBinningAndPrintsTheValidationAuc()
    {
        var data = Write("train.csv", Synthetic());
        var model = Path.Combine(directory, "models", "m.json");

        var result = await CliRunner.RunAsync("train", "--trainer", "scorecard", "--data", data, "--target", "bad", "--out", model, "--ignore", "month", "--json");

        Assert.Equal(ExitCodes.Ok, result.ExitCode);
        using var json = JsonDocument.Parse(result.Out);
        var root = json.RootElement;
        Assert.InRange(root.GetProperty("validationAuc").GetDouble(), 0.6, 1.0);
        Assert.Equal(root.GetProperty("validationAuc").GetDouble(), root.GetProperty("validation").GetProperty("auc").GetDouble());
        Assert.Equal("stratified-cv", root.GetProperty("validation").GetProperty("method").GetString());
        Assert.Equal(400, root.GetProperty("rows").GetInt32());
        Assert.Contains("x", root.GetProperty("features").EnumerateArray().Select(f => f.GetString()));
        Assert.True(File.Exists(model));
        Assert.True(File.Exists(Path.Combine(directory, "models", "m.binning.json")));
        Assert.Contains("customer_id", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task EvaluateScoreAndExportSql_UseTheTrainedModel()
    {
        var data = Write("train.csv", Synthetic());
        var model = Path.Combine(directory, "m.json");
        Assert.Equal(ExitCodes.Ok, (await CliRunner.RunAsync("train", "--trainer", "scorecard", "--data", data, "--target", "bad", "--out", model, "--fold-column", "fold")).ExitCode);

        var evaluate = await CliRunner.RunAsync("evaluate", "--model", model, "--data", data, "--json");
        Assert.Equal(ExitCodes.Ok, evaluate.ExitCode);
        using (var json = JsonDocument.Parse(evaluate.Out))
        {
            Assert.Equal(400, json.RootElement.GetProperty("rows").GetInt32());
            Assert.InRange(json.RootElement.GetProperty("auc").GetDouble(), 0.6, 1.0);
            Assert.Equal(0, json.RootElement.GetProperty("scorePsi").GetDouble(), 12);
            Assert.Equal(10, json.RootElement.GetProperty("calibrationTable").GetArrayLength());
        }

        var scored = Path.Combine(directory, "scored.csv");
        var descriptions = Write("descriptions.json", "{\"x\": \"Sales volume, last 90 days\"}");
        var score = await CliRunner.RunAsync("score", "--model", model, "--data", data, "--out", scored, "--keep", "customer_id", "--descriptions", descriptions);
        Assert.Equal(ExitCodes.Ok, score.ExitCode);
        var lines = await File.ReadAllLinesAsync(scored);
        Assert.Equal(401, lines.Length);
        Assert.Equal("customer_id,score,pd,reason_1,reason_1_points,reason_2,reason_2_points,reason_3,reason_3_points,reason_4,reason_4_points", lines[0]);
        Assert.StartsWith("1000,", lines[1], StringComparison.Ordinal);
        Assert.Contains(lines, l => l.Contains(",\"Sales volume, last 90 days\",", StringComparison.Ordinal));
        Assert.DoesNotContain(lines, l => l.Contains(",x,", StringComparison.Ordinal));

        var sql = await CliRunner.RunAsync("export-sql", "--model", model, "--dialect", "postgres");
        Assert.Equal(ExitCodes.Ok, sql.ExitCode);
        Assert.Contains("CASE WHEN \"x\" IS NULL", sql.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Train_WithATimeColumn_ValidatesOutOfTime()
    {
        var data = Write("train.csv", Synthetic());

        var result = await CliRunner.RunAsync("train", "--trainer", "scorecard", "--data", data, "--target", "bad", "--out", Path.Combine(directory, "m.json"), "--time-column", "month", "--json");

        Assert.Equal(ExitCodes.Ok, result.ExitCode);
        using var json = JsonDocument.Parse(result.Out);
        var validation = json.RootElement.GetProperty("validation");
        Assert.Equal("out-of-time", validation.GetProperty("method").GetString());
        var split = Assert.Single(validation.GetProperty("splits").EnumerateArray());
        Assert.Equal(99, split.GetProperty("testRows").GetInt32());
    }

    [Fact]
    public async Task Train_FoldAndTimeColumnTogether_IsAUsageError()
    {
        var data = Write("train.csv", Synthetic());

        var result = await CliRunner.RunAsync("train", "--trainer", "scorecard", "--data", data, "--target", "bad", "--out", Path.Combine(directory, "m.json"), "--time-column", "month", "--fold-column", "fold");

        Assert.Equal(ExitCodes.Usage, result.ExitCode);
    }

    [Fact]
    public async Task Train_MissingTargetColumn_FailsWithAClearMessage()
    {
        var data = Write("train.csv", Synthetic());

        var result = await CliRunner.RunAsync("train", "--trainer", "scorecard", "--data", data, "--target", "default", "--out", Path.Combine(directory, "m.json"));

        Assert.Equal(ExitCodes.Failure, result.ExitCode);
        Assert.Contains("no target column 'default'", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Train_ConstantTarget_FailsWithAClearMessage()
    {
        var data = Write("train.csv", Synthetic(constantTarget: true));

        var result = await CliRunner.RunAsync("train", "--trainer", "scorecard", "--data", data, "--target", "bad", "--out", Path.Combine(directory, "m.json"));

        Assert.Equal(ExitCodes.Failure, result.ExitCode);
        Assert.Contains("the target 'bad' is constant", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Train_TextInANumericColumn_NamesFileLineAndColumn()
    {
        var lines = Synthetic().Split('\n').ToList();
        var fields = lines[57].Split(',');
        fields[2] = "seven";
        lines[57] = string.Join(',', fields);
        var data = Write("bad.csv", string.Join('\n', lines));

        var result = await CliRunner.RunAsync("train", "--trainer", "scorecard", "--data", data, "--target", "bad", "--out", Path.Combine(directory, "m.json"));

        Assert.Equal(ExitCodes.Failure, result.ExitCode);
        Assert.Contains($"{data}: line 58, column 'noise': 'seven' is not a number", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Score_ModelOfAnUnknownVersion_FailsWithAClearMessage()
    {
        var data = Write("train.csv", Synthetic());
        var model = Path.Combine(directory, "m.json");
        Assert.Equal(ExitCodes.Ok, (await CliRunner.RunAsync("train", "--trainer", "scorecard", "--data", data, "--target", "bad", "--out", model)).ExitCode);
        var future = Write("future.json", (await File.ReadAllTextAsync(model)).Replace("\"formatVersion\": 1,", "\"formatVersion\": 99,", StringComparison.Ordinal));

        var result = await CliRunner.RunAsync("score", "--model", future, "--data", data, "--out", Path.Combine(directory, "s.csv"));

        Assert.Equal(ExitCodes.Failure, result.ExitCode);
        Assert.Contains("model format version 99 is unknown", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Train_WithTheWrittenBinningFile_HonoursIt()
    {
        var data = Write("train.csv", Synthetic());
        var first = Path.Combine(directory, "a.json");
        Assert.Equal(ExitCodes.Ok, (await CliRunner.RunAsync("train", "--trainer", "scorecard", "--data", data, "--target", "bad", "--out", first)).ExitCode);
        var binning = Path.Combine(directory, "a.binning.json");
        using (var doc = JsonDocument.Parse(await File.ReadAllTextAsync(binning)))
        {
            Assert.Equal(1, doc.RootElement.GetProperty("formatVersion").GetInt32());
        }

        var result = await CliRunner.RunAsync("train", "--trainer", "scorecard", "--data", data, "--target", "bad", "--out", Path.Combine(directory, "b.json"), "--binning", binning, "--json");

        Assert.Equal(ExitCodes.Ok, result.ExitCode);
        var model = await File.ReadAllTextAsync(Path.Combine(directory, "b.json"));
        Assert.Contains("\"trend\": \"manual\"", model, StringComparison.Ordinal);
    }

    private string Write(string name, string content)
    {
        var path = Path.Combine(directory, name);
        File.WriteAllText(path, content);
        return path;
    }

    /// <summary>400 rows: x drives the risk, noise does not; customer_id is an identifier, fold a given split.</summary>
    private static string Synthetic(bool constantTarget = false)
    {
        var lines = new List<string> { "customer_id,x,noise,month,fold,bad" };
        for (var i = 0; i < 400; i++)
        {
            var x = i % 40;
            var u = (i * 0.6180339887498949) % 1.0;
            var bad = constantTarget ? 0 : u < 0.05 + (x / 50.0) ? 1 : 0;
            lines.Add($"{1000 + i},{x},{(i * 7) % 13},2025-{1 + (i % 12):D2},{i % 4},{bad}");
        }

        return string.Join("\n", lines) + "\n";
    }
}
