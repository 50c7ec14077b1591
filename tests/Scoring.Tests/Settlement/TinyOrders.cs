using Microcredit.Scoring.Settlement;
using Microcredit.Scoring.Tests.Features;

namespace Microcredit.Scoring.Tests.Settlement;

/// <summary>
/// A hand-written merchant for <see cref="SettlementFeatureTests"/>, evaluated at
/// t = 2025-07-01T00:00Z. Windows: t−14 d = 06-17, t−30 d = 06-01, t−90 d = 04-02.
/// </summary>
internal static class TinyOrders
{
    public static readonly long At = HistoryRows.Ms("2025-07-01T00:00:00Z");

    public static readonly MerchantProfile Merchant = new("m1", HistoryRows.Ms("2025-01-01T00:00:00Z"), "toys", true);

    public static HistoryRows Rows() => new HistoryRows()
        .Merchant("m1", "2025-01-01T00:00:00Z")
        .Merchant("m2", "2025-02-01T00:00:00Z")
        // p: the order scored; shipped 26 h after payment, 12 h before t; settles after t.
        .Order("p", "m1", "b1", 100.00m, "2025-06-29T10:00:00Z", shipped: "2025-06-30T12:00:00Z", settled: "2025-07-05T00:00:00Z")
        // a: b1, in every window; shipped after 6 h; settled 06-25 (inside the 14-day window).
        .Order("a", "m1", "b1", 50.00m, "2025-06-20T00:00:00Z", shipped: "2025-06-20T06:00:00Z", settled: "2025-06-25T00:00:00Z")
        // b: b1, created in [t−90, t−30); refunded 05-10 (90-day window only).
        .Order("b", "m1", "b1", 30.00m, "2025-05-01T00:00:00Z", shipped: "2025-05-01T12:00:00Z", refunded: "2025-05-10T00:00:00Z", refundAmount: 30.00m)
        // c: b2, shipped after 2 h, disputed 06-26, refunded 06-28 (inside the 14-day window).
        .Order("c", "m1", "b2", 200.00m, "2025-06-25T00:00:00Z", shipped: "2025-06-25T02:00:00Z", refunded: "2025-06-28T00:00:00Z", refundAmount: 200.00m, disputed: "2025-06-26T00:00:00Z")
        // d: b2, before every window.
        .Order("d", "m1", "b2", 20.00m, "2025-03-01T00:00:00Z", shipped: "2025-03-02T00:00:00Z", settled: "2025-03-10T00:00:00Z")
        // e: b3, shipped 05-16 (outside the 30-day shipping window), settled 06-20 (inside 14 days).
        .Order("e", "m1", "b3", 80.00m, "2025-05-15T00:00:00Z", shipped: "2025-05-16T00:00:00Z", settled: "2025-06-20T00:00:00Z")
        // f: b1, paid 4 h before t, not shipped.
        .Order("f", "m1", "b1", 40.00m, "2025-06-30T20:00:00Z")
        // g: b1, paid exactly at t: counts nowhere.
        .Order("g", "m1", "b1", 500.00m, "2025-07-01T00:00:00Z", shipped: "2025-07-01T01:00:00Z")
        // h: b3, shipped after 10 h; settled exactly at t, so still pending at t.
        .Order("h", "m1", "b3", 60.00m, "2025-06-10T00:00:00Z", shipped: "2025-06-10T10:00:00Z", settled: "2025-07-01T00:00:00Z")
        // i: b1, created in [t−90, t−30); disputed exactly at t (not counted), settles after t.
        .Order("i", "m1", "b1", 10.00m, "2025-04-10T00:00:00Z", shipped: "2025-04-10T01:00:00Z", settled: "2025-07-02T00:00:00Z", disputed: "2025-07-01T00:00:00Z");

    public static IEnumerable<OrderRecord> Records(HistoryRows rows, string merchantId) =>
        rows.Orders.Where(o => o.MerchantId == merchantId)
            .Select(o => new OrderRecord(o.OrderId, o.BuyerId, o.Amount, o.CreatedAt, o.ShippedAt, o.SettledAt, o.RefundedAt, o.DisputedAt));

    public static MerchantOrders Create() => MerchantOrders.Create(Merchant, Records(Rows(), "m1"));
}
