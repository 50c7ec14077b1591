using System.Text.RegularExpressions;
using Microcredit.Scoring.Settlement;
using Microcredit.Scoring.Tests.Features;

namespace Microcredit.Scoring.Tests.Settlement;

public partial class SettlementCatalogTests
{
    [Fact]
    public void Catalog_NamesAreUniqueUpperSnake_AndIdsFollowRowOrder()
    {
        Assert.Equal(Enum.GetValues<SettlementFeatureId>().Length, SettlementCatalog.Count);
        Assert.Equal(SettlementCatalog.Count, SettlementCatalog.All.Select(f => f.Name).Distinct().Count());
        for (var i = 0; i < SettlementCatalog.Count; i++)
        {
            var f = SettlementCatalog.All[i];
            Assert.Equal(i, (int)f.Id);
            Assert.Matches(UpperSnake(), f.Name);
            Assert.False(string.IsNullOrWhiteSpace(f.Description));
            Assert.False(string.IsNullOrWhiteSpace(f.Definition));
            Assert.False(string.IsNullOrWhiteSpace(f.Missing));
        }
    }

    [Fact]
    public void SettlementDoc_ContainsTheGeneratedCatalog()
    {
        var doc = File.ReadAllText(Path.Combine(FeatureCatalogTests.RepositoryRoot(), "docs", "settlement.md")).ReplaceLineEndings("\n");

        Assert.Contains(SettlementCatalog.ToMarkdown(), doc, StringComparison.Ordinal);
    }

    [GeneratedRegex("^[A-Z][A-Z0-9]*(_[A-Z0-9]+)*$")]
    private static partial Regex UpperSnake();
}
