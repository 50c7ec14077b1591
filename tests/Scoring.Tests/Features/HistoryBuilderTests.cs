using Microcredit.Scoring.Features.Engine;
using Microcredit.Scoring.Features.History;

namespace Microcredit.Scoring.Tests.Features;

public class HistoryBuilderTests
{
    [Fact]
    public void Orders_InAnyOrder_GiveTheSameFeaturesAsOrdersGroupedByMerchant()
    {
        var rows = RandomHistory.Create(5);
        var grouped = rows.ToHistory();
        var builder = new HistoryBuilder();
        foreach (var m in rows.Merchants)
        {
            builder.AddMerchant(m.MerchantId, m.RegisteredAt);
        }

        // Interleaved merchants, shuffled times.
        foreach (var o in rows.Orders.OrderBy(o => o.OrderId.GetHashCode(StringComparison.Ordinal) ^ 0x5bd1e995).ThenBy(o => o.OrderId, StringComparer.Ordinal))
        {
            builder.AddOrder(o.MerchantId, o.BuyerId, o.Amount, o.CreatedAt, o.ShippedAt, o.SettledAt, o.RefundedAt, o.RefundAmount, o.DisputedAt);
        }

        var shuffled = builder.Build();

        var asOf = new DateOnly(2025, 2, 1);
        var expected = FeatureEngine.ComputeAsOf(grouped, asOf);
        var actual = FeatureEngine.ComputeAsOf(shuffled, asOf);
        Assert.Equal(expected.MerchantIds, actual.MerchantIds);
        for (var r = 0; r < expected.RowCount; r++)
        {
            // Loans were not added to the shuffled history: compare the order families only.
            var orderFamilies = (int)Scoring.Features.FeatureId.PastLoans;
            Assert.Equal(expected.Row(r)[..orderFamilies].ToArray(), actual.Row(r)[..orderFamilies].ToArray());
        }
    }

    [Fact]
    public void Build_NumbersBuyersDenselyPerMerchant()
    {
        var builder = new HistoryBuilder();
        builder.AddMerchant("a", 0);
        builder.AddMerchant("b", 0);
        builder.AddOrder("b", "x", 100, 10, null, null, null, null, null);
        builder.AddOrder("a", "y", 100, 10, null, null, null, null, null);
        builder.AddOrder("b", "y", 100, 20, null, null, null, null, null);
        builder.AddOrder("a", "y", 100, 5, null, null, null, null, null);

        var history = builder.Build();

        Assert.Equal([1, 2], history.BuyerCounts);
        Assert.Equal([0, 0], history.OrdersOf(0).ToArray().Select(o => o.Buyer));
        Assert.Equal([5L, 10], history.OrdersOf(0).ToArray().Select(o => o.CreatedAt));
        Assert.Equal([0, 1], history.OrdersOf(1).ToArray().Select(o => o.Buyer));
    }
}
