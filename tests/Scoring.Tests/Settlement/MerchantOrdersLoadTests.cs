using Microcredit.Scoring.Settlement;
using Microcredit.Scoring.Storage;
using Microcredit.Scoring.Tests.Features;
using Microcredit.Tests;

namespace Microcredit.Scoring.Tests.Settlement;

public class MerchantOrdersLoadTests
{
    [Theory, Engines]
    public async Task LoadAsync_ReadsTheMerchantAndAllItsOrders(DatabaseEngine engine)
    {
        await using var test = await TestDatabase.CreateAsync(engine);
        var rows = TinyOrders.Rows();
        await rows.InsertAsync(test.Database);
        await using var connection = await test.Database.OpenAsync();

        var loaded = await MerchantOrders.LoadAsync(connection, "m1", CancellationToken.None);

        // HistoryRows inserts every merchant as apparel, KYC verified.
        Assert.NotNull(loaded);
        Assert.Equal(TinyOrders.Merchant with { Category = "apparel" }, loaded.Merchant);
        var expected = MerchantOrders.Create(loaded.Merchant, TinyOrders.Records(rows, "m1"));
        Assert.Equal(Enumerable.Range(0, expected.Count).Select(i => expected[i]), Enumerable.Range(0, loaded.Count).Select(i => loaded[i]));
        var a = new double[SettlementCatalog.Count];
        var b = new double[SettlementCatalog.Count];
        expected.ComputeFeatures(expected.IndexOf("p"), TinyOrders.At, a);
        loaded.ComputeFeatures(loaded.IndexOf("p"), TinyOrders.At, b);
        Assert.Equal(a, b);
    }

    [Theory, Engines]
    public async Task LoadAsync_OfAMerchantWithoutOrders_IsEmpty_AndOfAnUnknownOne_IsNull(DatabaseEngine engine)
    {
        await using var test = await TestDatabase.CreateAsync(engine);
        await TinyOrders.Rows().InsertAsync(test.Database);
        await using var connection = await test.Database.OpenAsync();

        var empty = await MerchantOrders.LoadAsync(connection, "m2", CancellationToken.None);
        var unknown = await MerchantOrders.LoadAsync(connection, "nobody", CancellationToken.None);

        Assert.NotNull(empty);
        Assert.Equal(0, empty.Count);
        Assert.Equal(HistoryRows.Ms("2025-02-01T00:00:00Z"), empty.Merchant.RegisteredAt);
        Assert.Null(unknown);
    }
}
