using System.Text.Json;
using System.Xml.Linq;
using Microcredit.Jobs.Cli;
using Microcredit.Jobs.Tests.Cli;
using static Microcredit.Jobs.Tests.Models.ModelTestFiles;

namespace Microcredit.Jobs.Tests.Models;

public sealed class EvaluationReportTests : IDisposable
{
    private static readonly XNamespace Svg = "http://www.w3.org/2000/svg";
    private static readonly XNamespace Html = "http://www.w3.org/1999/xhtml";

    private readonly string directory = Path.Combine(Path.GetTempPath(), "microcredit-report-cli", Guid.NewGuid().ToString("N"));

    public EvaluationReportTests() => Directory.CreateDirectory(directory);

    public void Dispose() => Directory.Delete(directory, recursive: true);

    [Fact]
    public async Task EvaluateWithReport_WritesXhtmlWhoseChartsHoldTheJsonAndTheHandComputedFigures()
    {
        var train = Write("train.csv", Synthetic());
        var shifted = Write("shifted.csv", Synthetic(shift: 20));
        var model = Path.Combine(directory, "m.json");
        Assert.Equal(ExitCodes.Ok, (await CliRunner.RunAsync("train", "--trainer", "scorecard", "--data", train, "--target", "bad", "--out", model, "--fold-column", "fold", "--ignore", "month")).ExitCode);
        var scoredPath = Path.Combine(directory, "scored.csv");
        Assert.Equal(ExitCodes.Ok, (await CliRunner.RunAsync("score", "--model", model, "--data", shifted, "--out", scoredPath, "--keep", "bad")).ExitCode);
        var htmlPath = Path.Combine(directory, "out", "report.html");

        var result = await CliRunner.RunAsync("evaluate", "--model", model, "--data", shifted, "--report", htmlPath);

        Assert.True(result.ExitCode == ExitCodes.Ok, result.Error);
        var html = XDocument.Load(htmlPath); // throws unless well-formed
        using var json = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(directory, "out", "report.json")));
        var root = json.RootElement;
        var rows = ReadCsv(scoredPath);
        var scores = rows.Select(r => Number(r["score"])).ToList();
        var bad = rows.Select(r => int.Parse(r["bad"], System.Globalization.CultureInfo.InvariantCulture)).ToList();
        var pds = rows.Select(r => Number(r["pd"])).ToList();

        // Self-contained: no scripts, no external resources.
        Assert.DoesNotContain(html.Descendants(), e => e.Name.LocalName is "script" or "link" or "img" or "iframe");
        Assert.DoesNotContain(html.Descendants().Attributes(), a => a.Name.LocalName is "src" or "href");

        // ROC: the AUC in the chart, the JSON and by Mann-Whitney; the drawn points enclose that area.
        var roc = Chart(html, "roc");
        var auc = MannWhitney(scores, bad);
        Assert.Equal(auc, D(roc, "data-auc"), 12);
        Assert.Equal(D(roc, "data-auc"), root.GetProperty("roc").GetProperty("auc").GetDouble());
        Assert.Equal(D(roc, "data-auc"), root.GetProperty("auc").GetDouble());
        var curve = roc.Descendants(Svg + "polyline").Single(e => Classes(e).Contains("roc"));
        var fpr = List(curve, "data-good-rate");
        var tpr = List(curve, "data-bad-rate");
        Assert.Equal(scores.Distinct().Count() + 1, fpr.Length);
        Assert.Equal(auc, Enumerable.Range(1, fpr.Length - 1).Sum(k => (fpr[k] - fpr[k - 1]) * (tpr[k] + tpr[k - 1]) / 2), 12);
        Assert.Equal(fpr, root.GetProperty("roc").GetProperty("points").EnumerateArray().Select(p => p.GetProperty("goodRate").GetDouble()));

        // KS: the largest gap of the cumulative bad and good rates, at a score that occurs.
        var ks = Chart(html, "ks");
        Assert.Equal(Ks(scores, bad), D(ks, "data-ks"), 12);
        Assert.Equal(D(ks, "data-ks"), root.GetProperty("ksCurve").GetProperty("ks").GetDouble());
        Assert.Contains(D(ks, "data-ks-score"), scores);
        Assert.Equal(D(ks, "data-ks"), D(ks, "data-bad-rate") - D(ks, "data-good-rate"), 12);
        Assert.Equal(2, ks.Descendants(Svg + "polyline").Count(e => Classes(e).Contains("curve")));

        // Distributions: bars count the goods and bads of each score bin.
        var distributions = Chart(html, "distributions");
        var bars = distributions.Descendants(Svg + "rect").Where(e => Classes(e).Contains("bar")).ToList();
        Assert.Equal(2 * (int)D(distributions, "data-bins"), bars.Count);
        var top = List(distributions, "data-edges")[^1];
        foreach (var bar in bars)
        {
            var (lower, upper) = (D(bar, "data-lower"), D(bar, "data-upper"));
            var isBad = Classes(bar).Contains("bad") ? 1 : 0;
            var expected = Enumerable.Range(0, scores.Count).Count(i => bad[i] == isBad && scores[i] >= lower && (scores[i] < upper || (upper == top && scores[i] == top)));
            Assert.Equal(expected, (int)D(bar, "data-count"));
        }

        Assert.Equal(bad.Sum(), bars.Where(b => Classes(b).Contains("bad")).Sum(b => (int)D(b, "data-count")));
        Assert.Equal(root.GetProperty("distributions").GetProperty("bads").EnumerateArray().Select(e => e.GetInt32()), bars.Where(b => Classes(b).Contains("bad")).Select(b => (int)D(b, "data-count")));

        // Calibration: bins cover every row; weighted by count they give the mean pd and the default count.
        var points = Chart(html, "calibration").Descendants(Svg + "circle").ToList();
        var calibration = root.GetProperty("calibration").EnumerateArray().ToList();
        Assert.Equal(calibration.Count, points.Count);
        Assert.InRange(points.Count, 2, 10); // deciles, merged where pds tie
        Assert.Equal(rows.Count, points.Sum(p => (int)D(p, "data-count")));
        Assert.Equal(pds.Sum(), points.Sum(p => D(p, "data-count") * D(p, "data-mean-pd")), 9);
        Assert.Equal(bad.Sum(), points.Sum(p => D(p, "data-count") * D(p, "data-event-rate")), 9);
        Assert.Equal(calibration.Select(c => c.GetProperty("meanPd").GetDouble()), points.Select(p => D(p, "data-mean-pd")));

        // PSI: the score's PSI from the artifact's training histogram, by the formula; flagged above 0.25.
        using var artifact = JsonDocument.Parse(await File.ReadAllTextAsync(model));
        var training = artifact.RootElement.GetProperty("training");
        var edges = training.GetProperty("scoreEdges").EnumerateArray().Select(e => e.GetDouble()).ToArray();
        var expectedCounts = training.GetProperty("scoreCounts").EnumerateArray().Select(e => e.GetDouble()).ToArray();
        var actualCounts = new double[edges.Length + 1];
        foreach (var s in scores)
        {
            actualCounts[edges.Count(e => e <= s)]++;
        }

        var psi = Enumerable.Range(0, edges.Length + 1).Sum(k =>
        {
            var e = Math.Max(expectedCounts[k] / expectedCounts.Sum(), 1e-4);
            var a = Math.Max(actualCounts[k] / actualCounts.Sum(), 1e-4);
            return (a - e) * Math.Log(a / e);
        });
        var psiRows = html.Descendants(Html + "table").Single(t => (string?)t.Attribute("id") == "psi").Elements(Html + "tr").Where(r => r.Attribute("data-name") is not null).ToList();
        var scoreRow = psiRows.Single(r => (string?)r.Attribute("data-name") == "score");
        Assert.Equal(psi, D(scoreRow, "data-psi"), 12);
        Assert.True(psi > 0.25);
        Assert.Equal("true", (string?)scoreRow.Attribute("data-flag"));
        Assert.Contains("alert", Classes(scoreRow));
        var features = artifact.RootElement.GetProperty("scorecard").GetProperty("features").EnumerateArray().Select(f => f.GetProperty("feature").GetString()).ToList();
        Assert.Equal(["score", .. features], psiRows.Select(r => (string?)r.Attribute("data-name")));
        Assert.Equal(root.GetProperty("psi").EnumerateArray().Select(p => p.GetProperty("value").GetDouble()), psiRows.Select(r => D(r, "data-psi")));
        Assert.All(psiRows, r => Assert.Equal(D(r, "data-psi") > 0.25 ? "true" : "false", (string?)r.Attribute("data-flag")));

        // Reasons: how often each feature is the k-th reason, as counted in the scored CSV.
        var reasonRows = html.Descendants(Html + "tr").Where(r => Classes(r).Contains("reason")).ToList();
        Assert.NotEmpty(reasonRows);
        foreach (var row in reasonRows)
        {
            var feature = (string)row.Attribute("data-feature")!;
            for (var rank = 1; rank <= 4; rank++)
            {
                Assert.Equal(rows.Count(r => r[$"reason_{rank}"] == feature), (int)D(row, $"data-rank{rank}"));
            }
        }

        Assert.True(reasonRows.Sum(r => D(r, "data-rank1")) > 0);
        Assert.Equal(root.GetProperty("reasons").EnumerateArray().Select(r => r.GetProperty("feature").GetString()), reasonRows.Select(r => (string?)r.Attribute("data-feature")));
        Assert.Contains("Wrote", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task EvaluateWithReport_NamedJson_IsAUsageError()
    {
        var data = Write("train.csv", Synthetic());

        var result = await CliRunner.RunAsync("evaluate", "--model", Path.Combine(directory, "m.json"), "--data", data, "--report", Path.Combine(directory, "r.json"));

        Assert.Equal(ExitCodes.Usage, result.ExitCode);
        Assert.Contains("give the HTML file", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Evaluate_MissingModelOrDataFile_FailsWithTheFileNamed()
    {
        var data = Write("train.csv", Synthetic());
        var model = Path.Combine(directory, "m.json");
        Assert.Equal(ExitCodes.Ok, (await CliRunner.RunAsync("train", "--trainer", "scorecard", "--data", data, "--target", "bad", "--out", model, "--fold-column", "fold")).ExitCode);

        var noModel = await CliRunner.RunAsync("evaluate", "--model", Path.Combine(directory, "nope.json"), "--data", data, "--report", Path.Combine(directory, "r.html"));
        var noData = await CliRunner.RunAsync("evaluate", "--model", model, "--data", Path.Combine(directory, "nope.csv"), "--report", Path.Combine(directory, "r.html"));

        Assert.Equal(ExitCodes.Failure, noModel.ExitCode);
        Assert.Contains("nope.json: model file not found", noModel.Error, StringComparison.Ordinal);
        Assert.Equal(ExitCodes.Failure, noData.ExitCode);
        Assert.Contains("nope.csv: data file not found", noData.Error, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(directory, "r.html")));
    }

    [Fact]
    public async Task Evaluate_DataWithoutAModelColumnOrTheTarget_FailsNamingTheColumn()
    {
        var data = Write("train.csv", Synthetic());
        var model = Path.Combine(directory, "m.json");
        Assert.Equal(ExitCodes.Ok, (await CliRunner.RunAsync("train", "--trainer", "scorecard", "--data", data, "--target", "bad", "--out", model, "--fold-column", "fold")).ExitCode);
        var noX = Write("nox.csv", Synthetic().Replace("customer_id,x,", "customer_id,y,", StringComparison.Ordinal));

        var badColumn = await CliRunner.RunAsync("evaluate", "--model", model, "--data", noX, "--report", Path.Combine(directory, "r.html"));
        var badTarget = await CliRunner.RunAsync("evaluate", "--model", model, "--data", data, "--target", "outcome", "--report", Path.Combine(directory, "r.html"));

        Assert.Equal(ExitCodes.Failure, badColumn.ExitCode);
        Assert.Contains("the model needs column 'x'", badColumn.Error, StringComparison.Ordinal);
        Assert.Equal(ExitCodes.Failure, badTarget.ExitCode);
        Assert.Contains("no target column 'outcome'", badTarget.Error, StringComparison.Ordinal);
    }

    private static XElement Chart(XDocument html, string id) => html.Descendants(Svg + "svg").Single(e => (string?)e.Attribute("id") == id);

    private static string[] Classes(XElement element) => ((string?)element.Attribute("class") ?? "").Split(' ');

    private static double D(XElement element, string attribute) => Number((string)element.Attribute(attribute)!);

    private static double[] List(XElement element, string attribute) => [.. ((string)element.Attribute(attribute)!).Split(' ').Select(Number)];

    private string Write(string name, string content)
    {
        var path = Path.Combine(directory, name);
        File.WriteAllText(path, content);
        return path;
    }
}
