using Microcredit.Scoring.Features;
using Microcredit.Scoring.Features.Engine;
using Microcredit.Scoring.Features.History;
using Microcredit.Scoring.Storage;
using Microcredit.Tests;

namespace Microcredit.Scoring.Tests.Features;

/// <summary>
/// Every feature family on <see cref="TinyHistory"/>, loaded through the database on each engine;
/// expected values computed by hand in the comments.
/// </summary>
public class FeatureValueTests
{
    private const double Tolerance = 1e-12;

    [Theory, Engines]
    public async Task Rows_OnlyMerchantsRegisteredBeforeTheDate(DatabaseEngine engine)
    {
        var features = await ComputeAsync(engine);

        Assert.Equal(["m1", "m2"], features.MerchantIds);
    }

    [Theory, Engines]
    public async Task Tenure_WholeDaysSinceRegistration(DatabaseEngine engine)
    {
        var f = await ComputeAsync(engine);

        Assert.Equal(532, f[0, FeatureId.TenureDays]); // 2024-01-15 12:00 → 2025-07-01 00:00 = 532.5 days
        Assert.Equal(0, f[1, FeatureId.TenureDays]);   // 14 hours
    }

    [Theory, Engines]
    public async Task GmvOrdersAovActiveDays_PerWindow(DatabaseEngine engine)
    {
        var f = await ComputeAsync(engine);

        // 30D: o1 100 + o2 50 + o3 30 + o9 10; days 06-20, 06-05, 06-30. 90D adds o4 200; 180D o5 120; 365D o6 80, o7 60.
        Assert.Equal([190.00m, 390.00m, 510.00m, 650.00m], Money(f, 0, FeatureId.Gmv30d, FeatureId.Gmv90d, FeatureId.Gmv180d, FeatureId.Gmv365d));
        Assert.Equal([4.0, 5, 6, 8], Values(f, 0, FeatureId.Orders30d, FeatureId.Orders90d, FeatureId.Orders180d, FeatureId.Orders365d));
        Assert.Equal([47.50m, 78.00m, 85.00m, 81.25m], Money(f, 0, FeatureId.Aov30d, FeatureId.Aov90d, FeatureId.Aov180d, FeatureId.Aov365d));
        Assert.Equal([3.0, 4, 5, 7], Values(f, 0, FeatureId.ActiveDays30d, FeatureId.ActiveDays90d, FeatureId.ActiveDays180d, FeatureId.ActiveDays365d));
        Assert.Equal(0.00m, f.MoneyAt(1, FeatureId.Gmv365d)!.Value.Amount);
        Assert.Null(f.MoneyAt(1, FeatureId.Aov30d));
    }

    [Theory, Engines]
    public async Task NetGmv_SubtractsRefundsMadeInTheWindow(DatabaseEngine engine)
    {
        var f = await ComputeAsync(engine);

        // Refunds on 06-10 (30.00, of o3) and 06-15 (20.00, of o7 created 2024-11-20): in every window.
        Assert.Equal([140.00m, 340.00m, 460.00m, 600.00m], Money(f, 0, FeatureId.NetGmv30d, FeatureId.NetGmv90d, FeatureId.NetGmv180d, FeatureId.NetGmv365d));
    }

    [Theory, Engines]
    public async Task Growth_QuarterOnQuarterAndYearOnYear(DatabaseEngine engine)
    {
        var f = await ComputeAsync(engine);

        Assert.Equal((390.0 / 120) - 1, f[0, FeatureId.GmvGrowth90d], Tolerance); // o5 alone in [D−180, D−90)
        Assert.Equal((390.0 / 40) - 1, f[0, FeatureId.GmvYoy90d], Tolerance);     // o8 alone in [D−455, D−365)
        Assert.True(double.IsNaN(f[1, FeatureId.GmvGrowth90d]));
        Assert.True(double.IsNaN(f[1, FeatureId.GmvYoy90d]));
    }

    [Theory, Engines]
    public async Task MonthlyCv_OverSixThirtyDayBlocks(DatabaseEngine engine)
    {
        var f = await ComputeAsync(engine);

        // Blocks (newest first): 190, 200, 0, 120, 0, 0; mean 85; squared deviations 11025 + 13225 + 7225 + 1225 + 7225 + 7225 = 47150.
        Assert.Equal(Math.Sqrt(47150.0 / 6) / 85, f[0, FeatureId.GmvMonthlyCv180d], Tolerance);
        Assert.True(double.IsNaN(f[1, FeatureId.GmvMonthlyCv180d])); // no whole block since registration
    }

    [Theory, Engines]
    public async Task RefundAndDisputeRates_OverTheNinetyDayCohort(DatabaseEngine engine)
    {
        var f = await ComputeAsync(engine);

        // Cohort o1, o2, o3, o9, o4 (390.00): o3 refunded (30.00), o4 disputed (200.00).
        Assert.Equal(0.2, f[0, FeatureId.RefundRate90d], Tolerance);
        Assert.Equal(30.0 / 390, f[0, FeatureId.RefundAmountRate90d], Tolerance);
        Assert.Equal(0.2, f[0, FeatureId.DisputeRate90d], Tolerance);
        Assert.Equal(200.0 / 390, f[0, FeatureId.DisputeAmountRate90d], Tolerance);
        Assert.True(double.IsNaN(f[1, FeatureId.RefundRate90d]));
    }

    [Theory, Engines]
    public async Task SettlementDelay_MedianAndP90OfOrdersSettledInTheWindow(DatabaseEngine engine)
    {
        var f = await ComputeAsync(engine);

        // Settled in [04-02, 07-01): o4 after 2.5 days, o1 after 5.0; o2 settles after D, o5 before the window.
        Assert.Equal(3.75, f[0, FeatureId.SettleDelayMedian90d], Tolerance);
        Assert.Equal(2.5 + (0.9 * 2.5), f[0, FeatureId.SettleDelayP90Of90d], Tolerance);
        Assert.True(double.IsNaN(f[1, FeatureId.SettleDelayMedian90d]));
    }

    [Theory, Engines]
    public async Task BuyerConcentration_OverOneHundredEightyDays(DatabaseEngine engine)
    {
        var f = await ComputeAsync(engine);

        // Per buyer: b1 150 (2 orders), b2 150 (2), b3 200, b6 10; total 510.
        Assert.Equal(4, f[0, FeatureId.Buyers180d]);
        Assert.Equal(1.0, f[0, FeatureId.Top5BuyerShare180d], Tolerance);
        Assert.Equal(85100.0 / 260100, f[0, FeatureId.BuyerHhi180d], Tolerance);
        Assert.Equal(0.5, f[0, FeatureId.RepeatBuyerRate180d], Tolerance);
        Assert.True(double.IsNaN(f[1, FeatureId.BuyerHhi180d]));
    }

    [Theory, Engines]
    public async Task FakeOrderSignals_BurstsAndRefundSurge(DatabaseEngine engine)
    {
        var f = await ComputeAsync(engine);

        Assert.Equal(4.0 / 3, f[0, FeatureId.OrdersPerBuyer30d], Tolerance); // 4 orders, buyers b1, b2, b6
        Assert.Equal(2, f[0, FeatureId.MaxBuyerDayOrders90d]);              // b1 twice on 06-20
        Assert.Equal(3.0, f[0, FeatureId.RefundSurge30d], Tolerance);       // (2 + 1) / (0 / 3 + 1)
        Assert.Equal(1.0, f[1, FeatureId.RefundSurge30d], Tolerance);
    }

    [Theory, Engines]
    public async Task PendingOrders_ShippedNotSettledAtTheDate(DatabaseEngine engine)
    {
        var f = await ComputeAsync(engine);

        Assert.Equal(50.00m, f.MoneyAt(0, FeatureId.PendingOrderValue)!.Value.Amount); // o2 only
        Assert.Equal(1, f[0, FeatureId.PendingOrders]);
    }

    [Theory, Engines]
    public async Task LoanHistory_CountsDpdOutstandingAndRepaidShare(DatabaseEngine engine)
    {
        var f = await ComputeAsync(engine);

        Assert.Equal(2, f[0, FeatureId.PastLoans]);      // L3 disbursed at 08:00 on D
        Assert.Equal(44, f[0, FeatureId.WorstDpdEver]); // L1 #2: due 11-01, paid 12-15 12:00
        Assert.Equal(16, f[0, FeatureId.WorstDpd180d]); // L2: due 06-15, uncovered at D
        Assert.Equal(109.00m, f.MoneyAt(0, FeatureId.OutstandingPrincipal)!.Value.Amount); // 300 − 191
        Assert.Equal(1191.0 / 1300, f[0, FeatureId.RepaidPrincipalShare], Tolerance);
        Assert.Equal(0, f[1, FeatureId.PastLoans]);
        Assert.True(double.IsNaN(f[1, FeatureId.RepaidPrincipalShare]));
    }

    [Fact]
    public void InMemoryHistory_GivesTheSameRowsAsTheLoader()
    {
        var memory = FeatureEngine.ComputeAsOf(TinyHistory.Create().ToHistory(), TinyHistory.AsOf);

        Assert.Equal(2, memory.RowCount);
        Assert.Equal(190.00m, memory.MoneyAt(0, FeatureId.Gmv30d)!.Value.Amount);
    }

    internal static async Task<FeatureMatrix> ComputeAsync(DatabaseEngine engine)
    {
        await using var test = await TestDatabase.CreateAsync(engine);
        await TinyHistory.Create().InsertAsync(test.Database);
        var history = HistoryLoader.Load(test.Database);
        return FeatureEngine.ComputeAsOf(history, TinyHistory.AsOf);
    }

    private static decimal[] Money(FeatureMatrix f, int row, params FeatureId[] ids) => [.. ids.Select(id => f.MoneyAt(row, id)!.Value.Amount)];

    private static double[] Values(FeatureMatrix f, int row, params FeatureId[] ids) => [.. ids.Select(id => f[row, id])];
}
