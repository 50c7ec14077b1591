using Microcredit.Scoring.Settlement;

namespace Microcredit.Scoring.Tests.Settlement;

public class SettlementFeatureTests
{
    private static double[] FeaturesOf(string orderId)
    {
        var orders = TinyOrders.Create();
        var row = new double[SettlementCatalog.Count];
        orders.ComputeFeatures(orders.IndexOf(orderId), TinyOrders.At, row);
        return row;
    }

    private static double Value(double[] row, SettlementFeatureId id) => row[(int)id];

    [Fact]
    public void ComputeFeatures_OnTheTinyMerchant_GivesTheHandComputedValues()
    {
        var row = FeaturesOf("p");

        Assert.Equal(100.00, Value(row, SettlementFeatureId.OrderAmount));
        // Others created in [04-02, t): a b c e f h i = 470.00 over 7 orders; 100 / (470 / 7) = 70 / 47.
        Assert.Equal(70.0 / 47.0, Value(row, SettlementFeatureId.AmountToAov90d));
        Assert.Equal(12.0, Value(row, SettlementFeatureId.HoursSinceShipped));
        Assert.Equal(26.0, Value(row, SettlementFeatureId.HoursToShip));
        // b1's other orders before t: a b f i (g is at t).
        Assert.Equal(4, Value(row, SettlementFeatureId.BuyerPriorOrders));
        Assert.Equal(1, Value(row, SettlementFeatureId.BuyerPriorRefunds));
        // i's dispute is at t, not before it.
        Assert.Equal(0, Value(row, SettlementFeatureId.BuyerPriorDisputes));
        // Created in [06-01, t): p a c f h; b1's: p a f.
        Assert.Equal(3.0 / 5.0, Value(row, SettlementFeatureId.BuyerOrderShare30d));
        Assert.Equal(8, Value(row, SettlementFeatureId.MerchantOrders90d));
        // 5 in the last 30 days against b e i in the 60 before: 5 / (3 / 2) − 1.
        Assert.Equal((10.0 / 3) - 1, Value(row, SettlementFeatureId.MerchantOrderGrowth30d));
        // Closed in [04-02, t): a b c e (h closes at t); refunded: b c.
        Assert.Equal(0.5, Value(row, SettlementFeatureId.MerchantRefundRate90d));
        // Closed in [06-17, t): a c e; refunded: c.
        Assert.Equal(1.0 / 3.0, Value(row, SettlementFeatureId.MerchantRefundRate14d));
        // Disputed in [04-02, t): c (i's is at t), over 8 orders created.
        Assert.Equal(0.125, Value(row, SettlementFeatureId.MerchantDisputeRate90d));
        // Shipped in [06-01, t): p 26 h, a 6 h, c 2 h, h 10 h.
        Assert.Equal(11.0, Value(row, SettlementFeatureId.MerchantHoursToShip30d));
        Assert.Equal(181, Value(row, SettlementFeatureId.TenureDays));
        Assert.Equal(1, Value(row, SettlementFeatureId.KycVerified));
        Assert.True(double.IsNaN(Value(row, SettlementFeatureId.Category)));
    }

    [Fact]
    public void ComputeFeatures_WithoutOtherRecentOrders_LeavesTheRatiosMissing()
    {
        var only = MerchantOrders.Create(TinyOrders.Merchant, [new OrderRecord("x", "b9", 5_000, TinyOrders.At - (100L * 86_400_000), TinyOrders.At - (99L * 86_400_000), null, null, null)]);
        var row = new double[SettlementCatalog.Count];

        only.ComputeFeatures(0, TinyOrders.At, row);

        Assert.True(double.IsNaN(Value(row, SettlementFeatureId.AmountToAov90d)));
        Assert.True(double.IsNaN(Value(row, SettlementFeatureId.BuyerOrderShare30d)));
        Assert.True(double.IsNaN(Value(row, SettlementFeatureId.MerchantOrderGrowth30d)));
        Assert.True(double.IsNaN(Value(row, SettlementFeatureId.MerchantRefundRate90d)));
        Assert.True(double.IsNaN(Value(row, SettlementFeatureId.MerchantDisputeRate90d)));
        Assert.True(double.IsNaN(Value(row, SettlementFeatureId.MerchantHoursToShip30d)));
        Assert.Equal(0, Value(row, SettlementFeatureId.MerchantOrders90d));
        Assert.Equal(0, Value(row, SettlementFeatureId.BuyerPriorOrders));
    }

    [Theory]
    [InlineData("h", true)]   // settles exactly at t
    [InlineData("i", true)]   // disputed exactly at t
    [InlineData("a", false)]  // settled before t
    [InlineData("c", false)]  // refunded before t
    [InlineData("f", false)]  // not shipped
    [InlineData("g", false)]  // shipped after t
    public void IsPendingAt_FollowsTheTimestampsBeforeT(string orderId, bool pending)
    {
        var orders = TinyOrders.Create();

        Assert.Equal(pending, orders[orders.IndexOf(orderId)].IsPendingAt(TinyOrders.At));
    }

    [Fact]
    public void ComputeFeatures_OfAnOrderNotPending_Throws()
    {
        var orders = TinyOrders.Create();

        Assert.Throws<ArgumentException>(() => orders.ComputeFeatures(orders.IndexOf("a"), TinyOrders.At, new double[SettlementCatalog.Count]));
    }

    [Fact]
    public void Create_SortsByCreatedThenId_AndFindsOrdersById()
    {
        var orders = TinyOrders.Create();

        Assert.Equal(["d", "i", "b", "e", "h", "a", "c", "p", "f", "g"], Enumerable.Range(0, orders.Count).Select(i => orders[i].OrderId));
        Assert.Equal(-1, orders.IndexOf("nope"));
    }
}
