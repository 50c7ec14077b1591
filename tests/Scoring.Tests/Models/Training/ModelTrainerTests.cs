using Microcredit.Scoring.Models.Binning;
using Microcredit.Scoring.Models.Data;
using Microcredit.Scoring.Models.Training;

namespace Microcredit.Scoring.Tests.Models.Training;

public class ModelTrainerTests
{
    /// <summary>400 rows: x drives the risk, noise does not, id is unique, a time column and a customer_id.</summary>
    internal static string SyntheticCsv(bool constantTarget = false)
    {
        var lines = new List<string> { "customer_id,ref,x,noise,month,bad" };
        for (var i = 0; i < 400; i++)
        {
            var x = i % 40;
            var u = (i * 0.6180339887498949) % 1.0;
            var bad = constantTarget ? 0 : u < 0.05 + (x / 50.0) ? 1 : 0;
            lines.Add($"{1000 + i},R{i:D4},{x},{(i * 7) % 13},2025-{1 + (i % 12):D2},{bad}");
        }

        return string.Join("\n", lines) + "\n";
    }

    private static TabularData Synthetic(bool constantTarget = false) => CsvTabularReader.Read(new StringReader(SyntheticCsv(constantTarget)), "synthetic.csv");

    [Fact]
    public void Train_MissingTargetColumn_IsAClearError()
    {
        var error = Assert.Throws<ModelDataException>(() => ModelTrainer.Train(Synthetic(), "", new TrainingOptions { Target = "default" }));

        Assert.Contains("synthetic.csv: no target column 'default'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Train_ConstantTarget_IsAClearError()
    {
        var error = Assert.Throws<ModelDataException>(() => ModelTrainer.Train(Synthetic(constantTarget: true), "", new TrainingOptions { Target = "bad" }));

        Assert.Contains("the target 'bad' is constant", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Train_IdentifierLikeColumns_AreExcludedWithAWarning()
    {
        var result = ModelTrainer.Train(Synthetic(), "", new TrainingOptions { Target = "bad", Ignore = ["month"] });
        var roles = result.Artifact.Data.Columns.ToDictionary(c => c.Name, c => c.Role);

        Assert.Equal("identifier", roles["customer_id"]);
        Assert.Equal("identifier", roles["ref"]);
        Assert.Equal("ignored", roles["month"]);
        Assert.Contains(result.Artifact.Warnings, w => w.Contains("'customer_id' looks like an identifier", StringComparison.Ordinal));
        Assert.Contains(result.Artifact.Warnings, w => w.Contains("'ref' looks like an identifier (text unique on every row)", StringComparison.Ordinal));
        var features = result.Artifact.Schema.Features.Select(f => f.Name).ToList();
        Assert.Contains("x", features);
        Assert.DoesNotContain("customer_id", features);
        Assert.DoesNotContain("ref", features);
        Assert.DoesNotContain("month", features);
        Assert.Equal("stratified-cv", result.Artifact.Validation.Method);
        Assert.Equal(5, result.Artifact.Validation.Splits.Count);
    }

    [Fact]
    public void Train_FixedBinning_IsHonoured()
    {
        var shape = new FeatureBinning
        {
            Feature = "x",
            Kind = ColumnKind.Numeric,
            Trend = "manual",
            Bins = [new Bin { Kind = BinKind.Range, Upper = 20 }, new Bin { Kind = BinKind.Range, Lower = 20 }, new Bin { Kind = BinKind.Missing }],
        };
        var options = new TrainingOptions
        {
            Target = "bad",
            Ignore = ["month"],
            Scorecard = new() { FixedBinnings = new Dictionary<string, FeatureBinning> { ["x"] = shape } },
        };

        var result = ModelTrainer.Train(Synthetic(), "", options);

        var bins = result.Artifact.Scorecard!.Features.Single().Binning.Bins;
        Assert.Equal([(null, 20.0), (20.0, null), ((double?)null, (double?)null)], bins.Select(b => (b.Lower, b.Upper)));
        Assert.Equal([200, 200, 0], bins.Select(b => b.Count));
    }

    [Fact]
    public void ValidationPlan_StratifiedFolds_CoverEveryRowOnceAndSpreadTheEvents()
    {
        var labels = Enumerable.Range(0, 103).Select(i => i % 4 == 0 ? 1 : 0).ToArray();

        var splits = ValidationPlan.Splits(Synthetic(), labels, new TrainingOptions { Target = "bad", Folds = 5, Seed = 3 });

        Assert.Equal(Enumerable.Range(0, 103), splits.SelectMany(s => s.Test).Order());
        Assert.All(splits, s => Assert.InRange(s.Test.Count(i => labels[i] == 1), 5, 6));
        Assert.All(splits, s => Assert.Empty(s.Train.Intersect(s.Test)));
    }

    [Fact]
    public void ValidationPlan_OutOfTime_TestsOnTheLatestRowsKeepingTiesTogether()
    {
        var data = Synthetic();
        var labels = new int[data.RowCount];

        var split = Assert.Single(ValidationPlan.Splits(data, labels, new TrainingOptions { Target = "bad", TimeColumn = "month" }));

        var months = data["month"].LabelValues;
        var latestTrain = split.Train.Max(i => months[i]);
        Assert.All(split.Test, i => Assert.True(string.CompareOrdinal(months[i], latestTrain) > 0));
        Assert.InRange(split.Test.Length, 80, 120);
    }
}
