using Microcredit.Scoring.Features;
using Microcredit.Scoring.Models.Artifacts;
using Microcredit.Scoring.Settlement;
using Microcredit.Scoring.Tests.Features;

namespace Microcredit.Scoring.Tests.Models;

/// <summary>The models shipped in models/ (made by models/train.sh) are what the platform can read.</summary>
public class ShippedModelsTests
{
    private static string ModelPath(string name) => Path.Combine(FeatureCatalogTests.RepositoryRoot(), "models", name);

    [Fact]
    public void CreditModel_ReadsOnlyMerchantCatalogFeatures()
    {
        var artifact = ArtifactJson.Load(ModelPath("credit.json"));

        Assert.Equal("default", artifact.Target);
        Assert.NotEmpty(artifact.Schema.Features);
        Assert.All(artifact.Schema.Features, f => Assert.NotNull(FeatureCatalog.Find(f.Name)));
    }

    [Fact]
    public void SettlementModel_LoadsAndReadsOnlyOrderFeatures()
    {
        var model = SettlementModel.Load(ModelPath("settlement.json"));

        Assert.NotEmpty(model.Artifact.Schema.Features);
        Assert.All(model.Artifact.Schema.Features, f => Assert.NotNull(SettlementCatalog.Find(f.Name)));
    }
}
