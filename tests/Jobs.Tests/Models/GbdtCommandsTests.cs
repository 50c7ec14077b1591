using System.Globalization;
using System.Text.Json;
using Microcredit.Jobs.Cli;
using Microcredit.Jobs.Tests.Cli;
using Microcredit.Jobs.Tests.Scheduling;

namespace Microcredit.Jobs.Tests.Models;

public sealed class GbdtCommandsTests : IDisposable
{
    private readonly string directory = Path.Combine(Path.GetTempPath(), "microcredit-gbdt-cli", Guid.NewGuid().ToString("N"));

    public GbdtCommandsTests() => Directory.CreateDirectory(directory);

    public void Dispose() => Directory.Delete(directory, recursive: true);

    [Fact]
    public async Task TrainGbdt_SameDataOptionsAndSeed_WritesTheSameBytes_OnOneAndTwoThreads()
    {
        var data = Write("train.csv", Synthetic());
        string[] common = ["train", "--data", data, "--target", "bad", "--fold-column", "fold", "--trainer", "gbdt", "--trees", "30", "--max-depth", "3", "--learning-rate", "0.1", "--monotone", "x=+1", "--seed", "7"];

        var one = await CliRunner.RunAsync([.. common, "--out", Path.Combine(directory, "a.json"), "--threads", "1", "--json"]);
        var two = await CliRunner.RunAsync([.. common, "--out", Path.Combine(directory, "b.json"), "--threads", "2"]);

        Assert.Equal(ExitCodes.Ok, one.ExitCode);
        Assert.Equal(ExitCodes.Ok, two.ExitCode);
        Assert.Equal(await File.ReadAllBytesAsync(Path.Combine(directory, "a.json")), await File.ReadAllBytesAsync(Path.Combine(directory, "b.json")));
        using var json = JsonDocument.Parse(one.Out);
        Assert.Equal("gbdt", json.RootElement.GetProperty("family").GetString());
        Assert.InRange(json.RootElement.GetProperty("validationAuc").GetDouble(), 0.6, 1.0);
    }

    [Fact]
    public async Task ScoreGbdt_GivesScoresOnThePointsScaleWithReasons()
    {
        var data = Write("train.csv", Synthetic());
        var model = Path.Combine(directory, "m.json");
        Assert.Equal(ExitCodes.Ok, (await CliRunner.RunAsync("train", "--data", data, "--target", "bad", "--fold-column", "fold", "--trainer", "gbdt", "--trees", "20", "--monotone", "x=+1", "--out", model)).ExitCode);
        var scored = Path.Combine(directory, "scored.csv");

        var score = await CliRunner.RunAsync("score", "--model", model, "--data", data, "--out", scored);

        Assert.Equal(ExitCodes.Ok, score.ExitCode);
        var lines = await File.ReadAllLinesAsync(scored);
        Assert.Equal(401, lines.Length);
        Assert.Equal("line,score,pd,reason_1,reason_1_points", string.Join(',', lines[0].Split(',')[..5]));
        Assert.Contains(lines.Skip(1), l => l.Split(',')[3] == "x");
        Assert.All(lines.Skip(1).Select(l => l.Split(',')).Where(c => c[3].Length > 0), c => Assert.True(double.Parse(c[4], CultureInfo.InvariantCulture) > 0));
    }

    [Fact]
    public async Task TrainWithoutTrainer_SearchesAndRecordsEveryTrial()
    {
        var data = Write("train.csv", Synthetic());

        var result = await CliRunner.RunAsync("train", "--data", data, "--target", "bad", "--fold-column", "fold", "--max-trials", "2", "--out", Path.Combine(directory, "m.json"), "--json");

        Assert.Equal(ExitCodes.Ok, result.ExitCode);
        using var json = JsonDocument.Parse(result.Out);
        var search = json.RootElement.GetProperty("search").EnumerateArray().ToList();
        Assert.Equal(2, search.Count);
        Assert.Single(search, t => t.GetProperty("chosen").GetBoolean());
        Assert.True(json.RootElement.GetProperty("seconds").GetProperty("train").GetDouble() > 0);
        Assert.Contains("Model search", result.Error, StringComparison.Ordinal);
        var model = await File.ReadAllTextAsync(Path.Combine(directory, "m.json"));
        Assert.Contains("\"search\": [", model, StringComparison.Ordinal);
        Assert.DoesNotContain("seconds", model, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TreeOptions_WithTheScorecard_AreAUsageError()
    {
        var data = Write("train.csv", Synthetic());

        var result = await CliRunner.RunAsync("train", "--data", data, "--target", "bad", "--trees", "10", "--out", Path.Combine(directory, "m.json"));

        Assert.Equal(ExitCodes.Usage, result.ExitCode);
    }

    [Fact]
    public async Task ImportModel_ThenScore_ReproducesXgboostsProbabilities()
    {
        var fixtures = Fixtures();
        var model = Path.Combine(directory, "xgb.json");
        var import = await CliRunner.RunAsync("import-model", "--xgboost", Path.Combine(fixtures, "xgboost_model.json"), "--out", model);
        Assert.Equal(ExitCodes.Ok, import.ExitCode);
        var scored = Path.Combine(directory, "scored.csv");

        var score = await CliRunner.RunAsync("score", "--model", model, "--data", Path.Combine(fixtures, "xgboost_predictions.csv"), "--out", scored, "--keep", "pd");

        Assert.Equal(ExitCodes.Ok, score.ExitCode);
        var lines = await File.ReadAllLinesAsync(scored);
        var header = lines[0].Split(',');
        var expected = Array.IndexOf(header, "pd");
        var actual = Array.LastIndexOf(header, "pd");
        Assert.NotEqual(expected, actual);
        foreach (var line in lines.Skip(1))
        {
            var cells = line.Split(',');
            Assert.Equal(double.Parse(cells[expected], CultureInfo.InvariantCulture), double.Parse(cells[actual], CultureInfo.InvariantCulture), 1e-6);
        }
    }

    private static string Fixtures() => Path.Combine(JobTestKit.RepoRoot(), "tests", "Scoring.Tests", "Models", "Trees", "Fixtures");

    private string Write(string name, string content)
    {
        var path = Path.Combine(directory, name);
        File.WriteAllText(path, content);
        return path;
    }

    /// <summary>400 rows: x drives the risk, noise does not; fold a given split.</summary>
    private static string Synthetic()
    {
        var lines = new List<string> { "x,noise,fold,bad" };
        for (var i = 0; i < 400; i++)
        {
            var x = i % 40;
            var u = (i * 0.6180339887498949) % 1.0;
            var bad = u < 0.05 + (x / 50.0) ? 1 : 0;
            lines.Add($"{x},{(i * 7) % 13},{i % 4},{bad}");
        }

        return string.Join("\n", lines) + "\n";
    }
}
