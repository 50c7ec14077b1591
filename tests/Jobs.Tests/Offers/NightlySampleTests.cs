using Microcredit.Jobs.Features;
using Microcredit.Jobs.Offers;
using Microcredit.Jobs.Tests.Samples;
using Microcredit.Scoring.Storage;
using Microcredit.Tests;

namespace Microcredit.Jobs.Tests.Offers;

/// <summary>The features and score-and-offers jobs on data-samples/, each run twice for the sample's next day.</summary>
[Collection(SampleGroup.Name)]
public class NightlySampleTests(SampleDatabases samples)
{
    [Theory, Engines]
    public async Task Features_and_score_and_offers_on_the_sample_rerun_identically(DatabaseEngine engine)
    {
        var context = await samples.ContextAsync(engine, SampleDatabases.AsOf);

        var features = await FeaturesJob.RunAsync(context, default);
        var offers = await ScoreAndOffersJob.RunAsync(context, default);
        var snapshot = await SampleDatabases.RowsAsync(context.Database, "SELECT * FROM feature_rows WHERE as_of = '2026-11-01'");
        var offerRows = await SampleDatabases.RowsAsync(context.Database, "SELECT * FROM offers");
        var rates = await SampleDatabases.RowsAsync(context.Database, "SELECT * FROM order_advance_rates");
        await FeaturesJob.RunAsync(context, default);
        await ScoreAndOffersJob.RunAsync(context, default);

        // data-samples/ has 2,000 merchants, all registered before 2026-11-01.
        Assert.Equal(2000, features.Rows);
        Assert.Equal(2000, snapshot.Count);
        Assert.Equal(2000, offerRows.Count);
        Assert.True(offers.Rows >= 2000);
        Assert.NotEmpty(rates);
        Assert.Contains(offerRows, o => o.Contains("action=approve", StringComparison.Ordinal));
        Assert.Contains(offerRows, o => o.Contains("action=decline", StringComparison.Ordinal));
        Assert.Equal(snapshot, await SampleDatabases.RowsAsync(context.Database, "SELECT * FROM feature_rows WHERE as_of = '2026-11-01'"));
        Assert.Equal(offerRows, await SampleDatabases.RowsAsync(context.Database, "SELECT * FROM offers"));
        Assert.Equal(rates, await SampleDatabases.RowsAsync(context.Database, "SELECT * FROM order_advance_rates"));
    }
}
