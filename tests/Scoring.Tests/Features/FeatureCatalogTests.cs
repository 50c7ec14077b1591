using System.Text.RegularExpressions;
using Dapper;
using Microcredit.Scoring.Features;
using Microcredit.Scoring.Storage;
using Microcredit.Tests;

namespace Microcredit.Scoring.Tests.Features;

public partial class FeatureCatalogTests
{
    [Fact]
    public void Catalog_NamesAreUniqueUpperSnake_AndIdsFollowRowOrder()
    {
        Assert.Equal(Enum.GetValues<FeatureId>().Length, FeatureCatalog.Count);
        Assert.Equal(FeatureCatalog.Count, FeatureCatalog.All.Select(f => f.Name).Distinct().Count());
        for (var i = 0; i < FeatureCatalog.Count; i++)
        {
            var f = FeatureCatalog.All[i];
            Assert.Equal(i, (int)f.Id);
            Assert.Matches(UpperSnake(), f.Name);
            Assert.False(string.IsNullOrWhiteSpace(f.Description));
            Assert.False(string.IsNullOrWhiteSpace(f.Definition));
            Assert.False(string.IsNullOrWhiteSpace(f.Attribution));
            Assert.False(string.IsNullOrWhiteSpace(f.Missing));
        }
    }

    [Fact]
    public void Catalog_HasTheNamesOtherComponentsUse()
    {
        Assert.Equal(FeatureKind.Money, FeatureCatalog.Find("GMV_90D")!.Kind);
        Assert.Equal(FeatureKind.Real, FeatureCatalog.Find("REFUND_RATE_90D")!.Kind);
        Assert.Equal("Value of the orders buyers paid for in the last 90 days.", FeatureCatalog.Descriptions["GMV_90D"]);
        Assert.Null(FeatureCatalog.Find("gmv_90d"));
    }

    [Fact]
    public void FeaturesDoc_ContainsTheGeneratedCatalog()
    {
        var doc = File.ReadAllText(Path.Combine(RepositoryRoot(), "docs", "features.md")).ReplaceLineEndings("\n");

        Assert.Contains(FeatureCatalog.ToMarkdown(), doc, StringComparison.Ordinal);
    }

    [Theory, Engines]
    public async Task SnapshotTable_HasOneColumnPerFeature_OfTheKindsType(DatabaseEngine engine)
    {
        await using var test = await TestDatabase.CreateAsync(engine);
        await using var connection = await test.Database.OpenAsync();
        await using var reader = await connection.ExecuteReaderAsync("SELECT * FROM feature_rows WHERE 1 = 0");

        var columns = Enumerable.Range(0, reader.FieldCount).Select(reader.GetName).ToList();
        Assert.Equal(["feature_set_version", "as_of", "merchant_id", .. FeatureCatalog.All.Select(f => f.Column)], columns);
        var schema = Migrator.Scripts(engine).Single(s => s.Version == 2).Sql;
        foreach (var f in FeatureCatalog.All)
        {
            var type = f.Kind == FeatureKind.Real ? "DOUBLE PRECISION" : "BIGINT";
            Assert.Contains($"    {f.Column} {type},", schema, StringComparison.Ordinal);
        }
    }

    internal static string RepositoryRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Microcredit.slnx")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName ?? throw new InvalidOperationException("Repository root (Microcredit.slnx) not found.");
    }

    [GeneratedRegex("^[A-Z][A-Z0-9]*(_[A-Z0-9]+)*$")]
    private static partial Regex UpperSnake();
}
