using Microcredit.Scoring.Models.Artifacts;
using Microcredit.Scoring.Models.Data;

namespace Microcredit.Scoring.Tests.Models.Artifacts;

public class ArtifactTests
{
    [Fact]
    public void Train_SameDataOptionsAndSeed_GivesByteIdenticalArtifacts()
    {
        var first = ArtifactJson.Serialize(DataSets.German.Artifact);
        var second = ArtifactJson.Serialize(DataSets.TrainGerman().Artifact);

        Assert.Equal(first, second);
    }

    [Fact]
    public void Parse_ASavedArtifact_RoundTripsToTheSameBytes()
    {
        var json = ArtifactJson.Serialize(DataSets.German.Artifact);

        Assert.Equal(json, ArtifactJson.Serialize(ArtifactJson.Parse(json, "german.json")));
    }

    [Fact]
    public void Artifact_HoldsWhatMonitoringAndAuditNeed()
    {
        var artifact = DataSets.German.Artifact;
        var json = ArtifactJson.Serialize(artifact);

        Assert.Equal(1, artifact.FormatVersion);
        Assert.Equal(EngineInfo.Version, artifact.EngineVersion);
        Assert.StartsWith("sha256:", artifact.Schema.Hash, StringComparison.Ordinal);
        Assert.Equal(1000, artifact.Training.ScoreCounts.Sum());
        Assert.Equal(artifact.Schema.Features.Count, artifact.Training.Features.Count);
        Assert.All(artifact.Training.Features, f => Assert.Equal(1000, f.BinCounts.Sum()));
        Assert.Equal(1000, artifact.Data.Rows);
        Assert.Equal(300, artifact.Data.Events);
        Assert.Equal("fold", artifact.Data.Columns.Single(c => c.Name == "fold").Role);
        Assert.DoesNotContain(Environment.MachineName, json, StringComparison.Ordinal);
        Assert.DoesNotContain(DataSets.Directory, json, StringComparison.Ordinal);
    }

    [Fact]
    public void ShippedExampleModel_LoadsAndMatchesAFreshTraining()
    {
        var shipped = ArtifactJson.Load(Path.Combine(RepositoryRoot(), "models", "german.json"));

        // Trained by `credit train` on german.csv with its folds (see docs/models.md): the same
        // scorecard as a fresh training. Regenerate the example when the engine's output changes.
        // Compared by value, not bytes: the last bits of ln/exp may differ between platforms' libm.
        var fresh = DataSets.German.Artifact;
        Assert.Equal(fresh.Schema.Hash, shipped.Schema.Hash);
        Assert.Equal(fresh.Scorecard!.BasePoints, shipped.Scorecard!.BasePoints);
        Assert.Equal(Describe(fresh), Describe(shipped));
        Assert.Equal(fresh.Validation.Auc, shipped.Validation.Auc, 9);
        for (var k = 0; k < fresh.Scorecard.Features.Count; k++)
        {
            Assert.Equal(fresh.Scorecard.Features[k].Coefficient, shipped.Scorecard.Features[k].Coefficient, 9);
        }
    }

    private static List<string> Describe(ModelArtifact artifact) =>
        [.. artifact.Scorecard!.Features.Select(f => $"{f.Feature}: " + string.Join("; ", f.Binning.Bins.Select((b, k) => $"{b.Describe()} n={b.Count} e={b.Events} p={f.Points[k]}")))];

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Microcredit.slnx")))
            {
                return dir.FullName;
            }
        }

        throw new DirectoryNotFoundException("No repository root.");
    }

    [Fact]
    public void Parse_UnknownFormatVersion_IsRefused()
    {
        var json = ArtifactJson.Serialize(DataSets.German.Artifact).Replace("\"formatVersion\": 1,", "\"formatVersion\": 2,", StringComparison.Ordinal);

        var error = Assert.Throws<ModelDataException>(() => ArtifactJson.Parse(json, "future.json"));

        Assert.Contains("future.json: model format version 2 is unknown", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_NotAnArtifact_IsRefused()
    {
        var error = Assert.Throws<ModelDataException>(() => ArtifactJson.Parse("{\"hello\": 1}", "other.json"));

        Assert.Contains("not a Microcredit model", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void FinalModel_IsRefitOnAllRows()
    {
        var artifact = DataSets.German.Artifact;

        // Every bin of the final scorecard counts the full 1,000 rows, not a validation fold's 800.
        Assert.All(artifact.Scorecard!.Features, f => Assert.Equal(1000, f.Binning.Bins.Sum(b => b.Count)));
    }

    [Fact]
    public void BinningFile_SavedAndReadBack_ReproducesTheModel()
    {
        var result = DataSets.German;
        var path = Path.Combine(Path.GetTempPath(), $"binning-{Guid.NewGuid():N}.json");
        try
        {
            ArtifactJson.SaveBinning(result.Binnings, path);
            var fixedBinnings = ArtifactJson.LoadBinning(path);
            var again = Microcredit.Scoring.Models.Training.ModelTrainer.Train(
                DataSets.Read("german.csv"),
                "sha",
                result.Artifact.Options with { Scorecard = result.Artifact.Options.Scorecard with { FixedBinnings = fixedBinnings } });

            Assert.Equal(
                result.Artifact.Scorecard!.Features.Select(f => (f.Feature, string.Join(",", f.Points))),
                again.Artifact.Scorecard!.Features.Select(f => (f.Feature, string.Join(",", f.Points))));
            Assert.All(again.Artifact.Scorecard.Features, f => Assert.Equal("manual", f.Binning.Trend));
        }
        finally
        {
            File.Delete(path);
        }
    }
}
