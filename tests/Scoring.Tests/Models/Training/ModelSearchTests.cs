using Microcredit.Scoring.Models.Artifacts;
using Microcredit.Scoring.Models.Data;
using Microcredit.Scoring.Models.Training;

namespace Microcredit.Scoring.Tests.Models.Training;

public class ModelSearchTests
{
    private static TabularData Synthetic() => CsvTabularReader.Read(new StringReader(ModelTrainerTests.SyntheticCsv()), "synthetic.csv");

    [Fact]
    public void MaxTrials_RunsThatManyTrials_AndIsReproducibleByteForByte()
    {
        var options = new TrainingOptions { Target = "bad", Ignore = ["month"] };

        var (first, log) = ModelSearch.Run(Synthetic(), "sha", options, TimeSpan.Zero, maxTrials: 3, TimeProvider.System);
        var (second, _) = ModelSearch.Run(Synthetic(), "sha", options, TimeSpan.Zero, maxTrials: 3, TimeProvider.System, threads: 1);

        Assert.Equal(ArtifactJson.Serialize(first.Artifact), ArtifactJson.Serialize(second.Artifact));
        var search = first.Artifact.Search!;
        Assert.Equal([1, 2, 3], search.Select(t => t.Trial));
        Assert.Equal(["scorecard", "gbdt", "gbdt"], search.Select(t => t.Trainer));
        Assert.Equal(3, log.Count);
        var chosen = Assert.Single(search, t => t.Chosen);
        Assert.Equal(search.Max(t => Math.Round(t.Auc, 4)), Math.Round(chosen.Auc, 4));
        Assert.Equal(chosen.Trainer, first.Artifact.Family);
        Assert.Equal(chosen.Auc, first.Artifact.Validation.Auc);
    }

    [Fact]
    public void ZeroBudget_StillRunsTheFirstTrial()
    {
        var (result, log) = ModelSearch.Run(Synthetic(), "sha", new TrainingOptions { Target = "bad", Ignore = ["month"] }, TimeSpan.Zero, maxTrials: null, TimeProvider.System);

        Assert.Single(log);
        Assert.Equal("scorecard", result.Artifact.Family);
    }
}
