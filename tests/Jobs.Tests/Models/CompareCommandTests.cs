using System.Text.Json;
using Microcredit.Jobs.Cli;
using Microcredit.Jobs.Tests.Cli;
using Microcredit.Scoring.Storage;
using Microcredit.Tests;
using static Microcredit.Jobs.Tests.Models.ModelTestFiles;

namespace Microcredit.Jobs.Tests.Models;

public sealed class CompareCommandTests : IDisposable
{
    private readonly string directory = Path.Combine(Path.GetTempPath(), "microcredit-compare-cli", Guid.NewGuid().ToString("N"));

    public CompareCommandTests() => Directory.CreateDirectory(directory);

    public void Dispose() => Directory.Delete(directory, recursive: true);

    [Fact]
    public async Task Compare_TwoModels_GivesEachOnesFiguresAndDeLongsIntervalOfTheAucDifference()
    {
        var data = Write("train.csv", Synthetic());
        var scorecard = Path.Combine(directory, "scorecard.json");
        var gbdt = Path.Combine(directory, "gbdt.json");
        Assert.Equal(ExitCodes.Ok, (await CliRunner.RunAsync("train", "--trainer", "scorecard", "--data", data, "--target", "bad", "--out", scorecard, "--fold-column", "fold", "--ignore", "month")).ExitCode);
        Assert.Equal(ExitCodes.Ok, (await CliRunner.RunAsync("train", "--trainer", "gbdt", "--trees", "20", "--data", data, "--target", "bad", "--out", gbdt, "--fold-column", "fold", "--ignore", "month")).ExitCode);
        var a = await ScoresAsync(scorecard, data);
        var b = await ScoresAsync(gbdt, data);

        var result = await CliRunner.RunAsync("compare", "--models", scorecard, gbdt, "--data", data, "--json");

        Assert.True(result.ExitCode == ExitCodes.Ok, result.Error);
        using var json = JsonDocument.Parse(result.Out);
        var models = json.RootElement.GetProperty("models").EnumerateArray().ToList();
        Assert.Equal([scorecard, gbdt], models.Select(m => m.GetProperty("model").GetString()));
        foreach (var (model, (scores, pds, bad)) in models.Zip(new[] { a, b }))
        {
            Assert.Equal(MannWhitney(scores, bad), model.GetProperty("auc").GetDouble(), 12);
            Assert.Equal(Ks(scores, bad), model.GetProperty("ks").GetDouble(), 12);
            Assert.Equal((2 * model.GetProperty("auc").GetDouble()) - 1, model.GetProperty("gini").GetDouble(), 12);
            Assert.Equal(Enumerable.Range(0, bad.Count).Average(i => (pds[i] - bad[i]) * (pds[i] - bad[i])), model.GetProperty("brier").GetDouble(), 12);
            Assert.Equal(pds.Average(), model.GetProperty("meanPd").GetDouble(), 12);
            Assert.Equal(bad.Average(), model.GetProperty("defaultRate").GetDouble(), 12);
        }

        var (difference, se) = DeLongByDefinition(a.Scores, b.Scores, a.Bad);
        var d = Assert.Single(json.RootElement.GetProperty("differences").EnumerateArray());
        Assert.Equal("DeLong", json.RootElement.GetProperty("method").GetString());
        Assert.Equal(gbdt, d.GetProperty("model").GetString());
        Assert.Equal(scorecard, d.GetProperty("versus").GetString());
        Assert.Equal(difference, d.GetProperty("difference").GetDouble(), 12);
        Assert.Equal(se, d.GetProperty("standardError").GetDouble(), 12);
        Assert.Equal(difference - (1.959963984540054 * se), d.GetProperty("lower").GetDouble(), 12);
        Assert.Equal(difference + (1.959963984540054 * se), d.GetProperty("upper").GetDouble(), 12);
        Assert.InRange(d.GetProperty("p").GetDouble(), 0, 1);
        Assert.Contains("DeLong", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Compare_OneModel_IsAUsageError()
    {
        var data = Write("train.csv", Synthetic());

        var result = await CliRunner.RunAsync("compare", "--models", Path.Combine(directory, "a.json"), "--data", data);

        Assert.Equal(ExitCodes.Usage, result.ExitCode);
        Assert.Contains("at least two models", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Compare_UnknownRegisteredModel_FailsNamingIt()
    {
        await using var test = await TestDatabase.CreateAsync(DatabaseEngine.Sqlite);
        var data = Write("train.csv", Synthetic());
        var model = Path.Combine(directory, "m.json");
        Assert.Equal(ExitCodes.Ok, (await CliRunner.RunAsync("train", "--trainer", "scorecard", "--data", data, "--target", "bad", "--out", model, "--fold-column", "fold")).ExitCode);

        var result = await CliRunner.RunAsync("compare", "--models", model, "credit-000000000000", "--data", data, "--database", test.Setting);

        Assert.Equal(ExitCodes.Failure, result.ExitCode);
        Assert.Contains("No model 'credit-000000000000' in the registry", result.Error, StringComparison.Ordinal);
    }

    /// <summary>
    /// DeLong's variance of AUC_B − AUC_A from its definition: placement values by pairwise
    /// comparison (O(n²)), their sample covariances over bads (V10) and goods (V01).
    /// </summary>
    private static (double Difference, double Se) DeLongByDefinition(List<double> scoreA, List<double> scoreB, List<int> bad)
    {
        var bads = Enumerable.Range(0, bad.Count).Where(i => bad[i] == 1).ToList();
        var goods = Enumerable.Range(0, bad.Count).Where(i => bad[i] == 0).ToList();
        static double Psi(double riskBad, double riskGood) => riskBad > riskGood ? 1 : riskBad == riskGood ? 0.5 : 0;
        double[] V10(List<double> s) => [.. bads.Select(i => goods.Average(j => Psi(-s[i], -s[j])))];
        double[] V01(List<double> s) => [.. goods.Select(j => bads.Average(i => Psi(-s[i], -s[j])))];
        static double Cov(double[] x, double[] y) => Enumerable.Range(0, x.Length).Sum(k => (x[k] - x.Average()) * (y[k] - y.Average())) / (x.Length - 1);
        double[] a10 = V10(scoreA), b10 = V10(scoreB), a01 = V01(scoreA), b01 = V01(scoreB);
        var variance = ((Cov(a10, a10) + Cov(b10, b10) - (2 * Cov(a10, b10))) / bads.Count) + ((Cov(a01, a01) + Cov(b01, b01) - (2 * Cov(a01, b01))) / goods.Count);
        return (b10.Average() - a10.Average(), Math.Sqrt(variance));
    }

    private async Task<(List<double> Scores, List<double> Pds, List<int> Bad)> ScoresAsync(string model, string data)
    {
        var path = Path.Combine(directory, Path.GetFileNameWithoutExtension(model) + ".scored.csv");
        Assert.Equal(ExitCodes.Ok, (await CliRunner.RunAsync("score", "--model", model, "--data", data, "--out", path, "--keep", "bad")).ExitCode);
        var rows = ReadCsv(path);
        return ([.. rows.Select(r => Number(r["score"]))], [.. rows.Select(r => Number(r["pd"]))], [.. rows.Select(r => (int)Number(r["bad"]))]);
    }

    private string Write(string name, string content)
    {
        var path = Path.Combine(directory, name);
        File.WriteAllText(path, content);
        return path;
    }
}
