using System.Globalization;
using Microcredit.Scoring.Models.Artifacts;
using Microcredit.Scoring.Models.Data;
using Microcredit.Scoring.Models.Scorecard;
using Microcredit.Scoring.Models.Scoring;
using Microcredit.Scoring.Models.Trees;

namespace Microcredit.Scoring.Tests.Models.Trees;

/// <summary>Against Fixtures/: a model and its predictions made by XGBoost 1.7.4 (make_xgboost_fixture.py).</summary>
public class XgboostImportTests
{
    private static string Fixture(string name)
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "tests", "Scoring.Tests", "Models", "Trees", "Fixtures", name);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new FileNotFoundException($"Fixture {name} not found above {AppContext.BaseDirectory}.");
    }

    private static ModelArtifact Import() =>
        XgboostImport.Read(File.ReadAllText(Fixture("xgboost_model.json")), "xgboost_model.json", "sha", "default", new PointsScale());

    [Fact]
    public void ImportedModel_PredictsWhatXgboostPredicted()
    {
        var artifact = ArtifactJson.Parse(ArtifactJson.Serialize(Import()), "round trip");
        var scorer = (TreeScorer)artifact.CreateScorer();
        var data = CsvTabularReader.Read(Fixture("xgboost_predictions.csv"));
        var rows = RowEncoder.Encode(data, scorer.Schema);
        var width = scorer.Schema.Features.Count;
        var margins = data["margin"].NumberValues;
        var pds = data["pd"].NumberValues;

        Assert.Equal(200, data.RowCount);
        Assert.Equal(40, artifact.Trees!.Trees.Count);
        Assert.Contains(Enumerable.Range(0, rows.Length), i => double.IsNaN(rows[i]));
        for (var r = 0; r < data.RowCount; r++)
        {
            var row = rows.AsSpan(r * width, width);
            Assert.Equal(margins[r], scorer.Margin(row), 5e-6);
            Assert.Equal(pds[r], scorer.Pd(scorer.Score(row)), 1e-6);
        }
    }

    [Fact]
    public void ImportedModel_KeepsXgboostsNamesAndCovers()
    {
        var artifact = Import();

        Assert.Equal(["x0", "x1", "x2", "x3", "x4"], artifact.Schema.Features.Select(f => f.Name));
        var root = artifact.Trees!.Trees[0];
        Assert.Equal(0, root.Feature[0]);
        Assert.Equal(84.0, root.Cover[0], 4);
        Assert.Equal((double)(float)-0.10778432, root.Threshold[0]);
    }

    [Fact]
    public void OtherObjectives_AreRefused()
    {
        var json = File.ReadAllText(Fixture("xgboost_model.json")).Replace("\"binary:logistic\"", "\"reg:squarederror\"", StringComparison.Ordinal);

        var error = Assert.Throws<ModelDataException>(() => XgboostImport.Read(json, "m.json", "sha", "default", new PointsScale()));

        Assert.Contains("only binary:logistic", error.Message, StringComparison.Ordinal);
    }
}
