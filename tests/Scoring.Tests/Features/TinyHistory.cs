namespace Microcredit.Scoring.Tests.Features;

/// <summary>
/// The hand-written history behind <see cref="FeatureValueTests"/>, as of 2025-07-01. Window
/// starts, counted back from D = 2025-07-01: D−30 = 06-01, D−90 = 04-02, D−120 = 03-03,
/// D−180 = 01-02, D−365 = 2024-07-01, D−455 = 2024-04-02. "age" = whole days before D.
/// </summary>
internal static class TinyHistory
{
    public static readonly DateOnly AsOf = new(2025, 7, 1);

    public static HistoryRows Create() => new HistoryRows()
        // m1: open since 2024-01-15 12:00, i.e. 532.5 days before D.
        .Merchant("m1", "2024-01-15T12:00:00Z")
        // m2: opened 14 hours before D, no orders.
        .Merchant("m2", "2025-06-30T10:00:00Z")
        // m3: registered exactly at D: no row.
        .Merchant("m3", "2025-07-01T00:00:00Z")
        // age 10; settles after 5.0 days (in the settlement window).
        .Order("o1", "m1", "b1", 100.00m, "2025-06-20T10:00:00Z", shipped: "2025-06-21T10:00:00Z", settled: "2025-06-25T10:00:00Z")
        // age 10, same buyer, same day; shipped, settles only after D: pending at D.
        .Order("o2", "m1", "b1", 50.00m, "2025-06-20T15:00:00Z", shipped: "2025-06-21T10:00:00Z", settled: "2025-07-03T08:00:00Z")
        // age 25; refunded in full on 06-10, never shipped.
        .Order("o3", "m1", "b2", 30.00m, "2025-06-05T09:00:00Z", refunded: "2025-06-10T09:00:00Z", refundAmount: 30.00m)
        // age 0: the last millisecond before D still counts.
        .Order("o9", "m1", "b6", 10.00m, "2025-06-30T23:59:59.999Z")
        // created exactly at D: counts nowhere.
        .Order("o10", "m1", "b6", 500.00m, "2025-07-01T00:00:00Z", shipped: "2025-07-01T01:00:00Z")
        // age 51; disputed; settles after 2.5 days.
        .Order("o4", "m1", "b3", 200.00m, "2025-05-10T12:00:00Z", shipped: "2025-05-11T12:00:00Z", settled: "2025-05-13T00:00:00Z", disputed: "2025-05-12T12:00:00Z")
        // age 107; settled 03-20, before the settlement window.
        .Order("o5", "m1", "b2", 120.00m, "2025-03-15T08:00:00Z", shipped: "2025-03-16T08:00:00Z", settled: "2025-03-20T08:00:00Z")
        // age 211.
        .Order("o6", "m1", "b4", 80.00m, "2024-12-01T10:00:00Z", shipped: "2024-12-02T10:00:00Z", settled: "2024-12-03T10:00:00Z")
        // age 222; 20.00 of it refunded on 2025-06-15, inside every window.
        .Order("o7", "m1", "b5", 60.00m, "2024-11-20T10:00:00Z", refunded: "2025-06-15T10:00:00Z", refundAmount: 20.00m)
        // age 425: a year earlier, inside [D−455, D−365).
        .Order("o8", "m1", "b1", 40.00m, "2024-05-01T10:00:00Z", shipped: "2024-05-02T10:00:00Z", settled: "2024-05-05T10:00:00Z")
        // L1: credit, repaid 4 and 44 days late, long before the 180-day window.
        .Loan("L1", "m1", "credit", 1000.00m, "2024-09-01T10:00:00Z", "2024-11-01")
        .Installment("L1", 1, "2024-10-01", 500.00m, 30.00m)
        .Installment("L1", 2, "2024-11-01", 500.00m, 15.00m)
        .Repayment("L1", "2024-10-05T10:00:00Z", 530.00m)
        .Repayment("L1", "2024-12-15T12:00:00Z", 515.00m)
        // L2: order loan due 06-15, 200.00 paid (9.00 interest, 191.00 principal): 16 days past due at D.
        .Loan("L2", "m1", "order", 300.00m, "2025-05-01T09:00:00Z", "2025-06-15")
        .Installment("L2", 1, "2025-06-15", 300.00m, 9.00m)
        .Repayment("L2", "2025-06-01T00:00:00Z", 200.00m)
        .Repayment("L2", "2025-07-02T00:00:00Z", 109.00m)
        // L3: disbursed on D, after 00:00: not a past loan yet.
        .Loan("L3", "m1", "credit", 5000.00m, "2025-07-01T08:00:00Z", "2025-10-01")
        .Installment("L3", 1, "2025-10-01", 5000.00m, 100.00m);
}
