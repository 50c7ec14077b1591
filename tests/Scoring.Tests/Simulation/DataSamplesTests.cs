using Microcredit.Scoring.Simulation;
using Xunit.Abstractions;

namespace Microcredit.Scoring.Tests.Simulation;

/// <summary>
/// data-samples/ is what the documented command writes, byte for byte, and the figures
/// docs/simulator.md reports are those of that sample.
/// </summary>
[Collection(SampleGroup.Name)]
public class DataSamplesTests(SampleFixture fixture, ITestOutputHelper log)
{
    // docs/simulator.md, "The sample": AUC of true_pd against the realized label.
    private const double DocumentedCreditAuc = 0.829;
    private const double DocumentedOrderAuc = 0.853;

    [Fact]
    public async Task CommittedSample_IsExactlyWhatTheDocumentedCommandWrites()
    {
        var samples = Path.Combine(RepositoryRoot(), "data-samples");
        var regenerated = Path.Combine(Path.GetTempPath(), "microcredit-tests", "samples-" + Guid.NewGuid().ToString("N"));
        try
        {
            await MarketplaceSimulator.RunAsync(SampleFixture.SampleOptions with { Gzip = true }, regenerated);
            var names = Directory.GetFiles(regenerated).Select(Path.GetFileName).Order(StringComparer.Ordinal).ToList();
            Assert.Equal(8, names.Count);
            foreach (var name in names)
            {
                var committed = Path.Combine(samples, name!);
                Assert.True(File.Exists(committed), $"data-samples/{name} is missing");
                var expected = await File.ReadAllBytesAsync(committed);
                var actual = await File.ReadAllBytesAsync(Path.Combine(regenerated, name!));
                Assert.True(expected.AsSpan().SequenceEqual(actual), $"data-samples/{name} differs from a fresh run: regenerate it (docs/simulator.md)");
            }
        }
        finally
        {
            Directory.Delete(regenerated, recursive: true);
        }
    }

    [Fact]
    public void SampleAuc_IsTheDocumentedOne()
    {
        var outcomes = LoanOutcomes.Labelled(fixture.Data);
        var credit = LoanOutcomes.Auc([.. outcomes.Where(o => o.Product == "credit").Select(o => (o.TruePd, o.Defaulted))]);
        var order = LoanOutcomes.Auc([.. outcomes.Where(o => o.Product == "order").Select(o => (o.TruePd, o.Defaulted))]);
        log.WriteLine($"AUC credit {credit:F4}, order {order:F4}");
        Assert.Equal(DocumentedCreditAuc, credit, 3);
        Assert.Equal(DocumentedOrderAuc, order, 3);
    }

    private static string RepositoryRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Microcredit.slnx")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName ?? throw new InvalidOperationException("Repository root (Microcredit.slnx) not found above " + AppContext.BaseDirectory);
    }
}
