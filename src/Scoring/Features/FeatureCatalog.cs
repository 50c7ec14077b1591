using System.Collections.Frozen;

namespace Microcredit.Scoring.Features;

/// <summary>
/// The merchant features, defined once: names, descriptions for loan officers, units and exact
/// definitions. Every feature is computed as of a date D from events with timestamps before
/// D 00:00 UTC; a window "[D−n, D)" holds the events whose attributing timestamp falls in the n
/// whole days before D. <c>credit features list</c> prints this catalog and docs/features.md is
/// generated from it.
/// </summary>
public static partial class FeatureCatalog
{
    /// <summary>
    /// Version of the feature set (names, order and definitions). Snapshots carry it; a change to
    /// any definition is a new version.
    /// </summary>
    public const int Version = 1;

    /// <summary>The windows of the windowed families, in days.</summary>
    public static readonly IReadOnlyList<int> Windows = [30, 90, 180, 365];

    private const string Created = "created_at (the buyer paid)";

    /// <summary>Every feature, in row order (<see cref="FeatureDefinition.Id"/> is the index).</summary>
    public static IReadOnlyList<FeatureDefinition> All { get; } = Define();

    /// <summary>Number of features in a row.</summary>
    public static int Count => All.Count;

    /// <summary>Feature name to its loan-officer description, e.g. for a model's reason codes.</summary>
    public static IReadOnlyDictionary<string, string> Descriptions { get; } =
        All.ToFrozenDictionary(f => f.Name, f => f.Description, StringComparer.Ordinal);

    private static readonly FrozenDictionary<string, FeatureDefinition> ByNameMap =
        All.ToFrozenDictionary(f => f.Name, StringComparer.Ordinal);

    /// <summary>The feature of that name, or null.</summary>
    public static FeatureDefinition? Find(string name) => ByNameMap.GetValueOrDefault(name);

    /// <summary>The definition of a feature.</summary>
    public static FeatureDefinition Get(FeatureId id) => All[(int)id];

    private static List<FeatureDefinition> Define()
    {
        var list = new List<FeatureDefinition>
        {
            new(FeatureId.TenureDays, "TENURE_DAYS", FeatureKind.Count, "days",
                "How long the shop has been open on the marketplace.",
                "Whole days from registered_at to D 00:00 UTC (rounded down).",
                "registered_at", "Never missing: a merchant registered on or after D has no row."),
        };

        foreach (var n in Windows)
        {
            list.Add(new(Id("Gmv", n), $"GMV_{n}D", FeatureKind.Money, "CNY",
                $"Value of the orders buyers paid for in the last {n} days.",
                $"Sum of amount over orders with created_at in [D−{n}, D), refunded or not.",
                Created, "0 when there are no such orders."));
        }

        foreach (var n in Windows)
        {
            list.Add(new(Id("NetGmv", n), $"NET_GMV_{n}D", FeatureKind.Money, "CNY",
                $"Sales of the last {n} days minus the refunds paid back to buyers in those days.",
                $"GMV_{n}D minus the sum of refund_amount over orders with refunded_at in [D−{n}, D) (whenever the order was created); may be negative.",
                $"{Created} for sales, refunded_at for refunds", "0 when there are no such orders or refunds."));
        }

        foreach (var n in Windows)
        {
            list.Add(new(Id("Orders", n), $"ORDERS_{n}D", FeatureKind.Count, "orders",
                $"Number of orders paid in the last {n} days.",
                $"Count of orders with created_at in [D−{n}, D).",
                Created, "0 when there are none."));
        }

        foreach (var n in Windows)
        {
            list.Add(new(Id("Aov", n), $"AOV_{n}D", FeatureKind.Money, "CNY",
                $"Average value of an order over the last {n} days.",
                $"GMV_{n}D / ORDERS_{n}D, rounded to the cent half away from zero.",
                Created, $"Missing when ORDERS_{n}D is 0."));
        }

        foreach (var n in Windows)
        {
            list.Add(new(Id("ActiveDays", n), $"ACTIVE_DAYS_{n}D", FeatureKind.Count, "days",
                $"On how many of the last {n} days the shop made at least one sale.",
                $"Number of distinct UTC calendar days in [D−{n}, D) with at least one order created.",
                Created, "0 when there are no orders."));
        }

        list.AddRange(
        [
            new(FeatureId.GmvGrowth90d, "GMV_GROWTH_90D", FeatureKind.Real, "ratio",
                "Sales growth: the last 90 days against the 90 days before.",
                "GMV over [D−90, D) / GMV over [D−180, D−90) − 1.",
                Created, "Missing when the GMV over [D−180, D−90) is 0."),
            new(FeatureId.GmvYoy90d, "GMV_YOY_90D", FeatureKind.Real, "ratio",
                "Sales growth against the same 90 days a year earlier (seasonality-aware).",
                "GMV over [D−90, D) / GMV over [D−455, D−365) − 1.",
                Created, "Missing when the GMV over [D−455, D−365) is 0."),
            new(FeatureId.GmvMonthlyCv180d, "GMV_MONTHLY_CV_180D", FeatureKind.Real, "ratio",
                "How uneven monthly sales are (0 = the same every month).",
                "Coefficient of variation (population standard deviation / mean) of GMV over the 30-day blocks [D−30(k+1), D−30k), k = 0…5, counting only blocks that start on or after the registration day.",
                Created, "Missing with fewer than 2 such blocks or a mean of 0."),
            new(FeatureId.RefundRate90d, "REFUND_RATE_90D", FeatureKind.Real, "ratio",
                "Share of recent orders that were refunded.",
                "Orders with created_at in [D−90, D) and refunded_at before D / ORDERS_90D.",
                $"{Created}; refunded_at only decides whether the order counts as refunded", "Missing when ORDERS_90D is 0."),
            new(FeatureId.RefundAmountRate90d, "REFUND_AMOUNT_RATE_90D", FeatureKind.Real, "ratio",
                "Share of recent sales value paid back as refunds.",
                "Sum of refund_amount over orders with created_at in [D−90, D) and refunded_at before D / GMV_90D.",
                $"{Created}; refunded_at only decides whether the order counts as refunded", "Missing when GMV_90D is 0."),
            new(FeatureId.DisputeRate90d, "DISPUTE_RATE_90D", FeatureKind.Real, "ratio",
                "Share of recent orders on which the buyer opened a dispute.",
                "Orders with created_at in [D−90, D) and disputed_at before D / ORDERS_90D.",
                $"{Created}; disputed_at only decides whether the order counts as disputed", "Missing when ORDERS_90D is 0."),
            new(FeatureId.DisputeAmountRate90d, "DISPUTE_AMOUNT_RATE_90D", FeatureKind.Real, "ratio",
                "Share of recent sales value under dispute.",
                "Sum of amount over orders with created_at in [D−90, D) and disputed_at before D / GMV_90D.",
                $"{Created}; disputed_at only decides whether the order counts as disputed", "Missing when GMV_90D is 0."),
            new(FeatureId.SettleDelayMedian90d, "SETTLE_DELAY_MEDIAN_90D", FeatureKind.Real, "days",
                "Typical time from payment until the money reaches the merchant.",
                "Median of (settled_at − created_at) in days over orders with settled_at in [D−90, D); percentiles interpolate linearly between order statistics (h = (n−1)p).",
                "settled_at", "Missing when no order settled in the window."),
            new(FeatureId.SettleDelayP90Of90d, "SETTLE_DELAY_P90_90D", FeatureKind.Real, "days",
                "Slow end of settlement: 9 in 10 orders settle faster than this.",
                "90th percentile of (settled_at − created_at) in days over orders with settled_at in [D−90, D), same interpolation as the median.",
                "settled_at", "Missing when no order settled in the window."),
            new(FeatureId.Buyers180d, "BUYERS_180D", FeatureKind.Count, "buyers",
                "Number of different buyers over the last 180 days.",
                "Distinct buyer_id over orders with created_at in [D−180, D).",
                Created, "0 when there are no orders."),
            new(FeatureId.Top5BuyerShare180d, "TOP5_BUYER_SHARE_180D", FeatureKind.Real, "ratio",
                "Share of sales coming from the five biggest buyers.",
                "Sum of the 5 largest per-buyer GMVs over [D−180, D) / GMV_180D.",
                Created, "Missing when GMV_180D is 0."),
            new(FeatureId.BuyerHhi180d, "BUYER_HHI_180D", FeatureKind.Real, "ratio",
                "Concentration of sales on few buyers (1 = a single buyer).",
                "Herfindahl–Hirschman index: sum over buyers of (buyer GMV / GMV_180D)² over [D−180, D).",
                Created, "Missing when GMV_180D is 0."),
            new(FeatureId.RepeatBuyerRate180d, "REPEAT_BUYER_RATE_180D", FeatureKind.Real, "ratio",
                "Share of buyers who came back for another order.",
                "Buyers with at least 2 orders created in [D−180, D) / BUYERS_180D.",
                Created, "Missing when BUYERS_180D is 0."),
            new(FeatureId.OrdersPerBuyer30d, "ORDERS_PER_BUYER_30D", FeatureKind.Real, "orders per buyer",
                "Orders per buyer in the last 30 days; high values can mean fake orders.",
                "ORDERS_30D / distinct buyer_id over orders created in [D−30, D).",
                Created, "Missing when ORDERS_30D is 0."),
            new(FeatureId.MaxBuyerDayOrders90d, "MAX_BUYER_DAY_ORDERS_90D", FeatureKind.Count, "orders",
                "Largest burst of orders from one buyer on one day; a sign of fake orders.",
                "Maximum over (buyer, UTC day) of the number of orders created in [D−90, D).",
                Created, "0 when there are no orders."),
            new(FeatureId.RefundSurge30d, "REFUND_SURGE_30D", FeatureKind.Real, "ratio",
                "Refunds in the last 30 days against the usual monthly level; a surge can signal trouble.",
                "(refunds with refunded_at in [D−30, D) + 1) / (refunds with refunded_at in [D−120, D−30) / 3 + 1); counts of refunded orders, smoothed by +1.",
                "refunded_at", "Never missing (1 with no refunds at all)."),
            new(FeatureId.PendingOrderValue, "PENDING_ORDER_VALUE", FeatureKind.Money, "CNY",
                "Value of orders shipped but not yet settled: what an order loan can advance against.",
                "Sum of amount over orders with shipped_at before D and neither settled_at nor refunded_at before D.",
                "shipped_at, settled_at, refunded_at (the order's state at D)", "0 when there are none."),
            new(FeatureId.PendingOrders, "PENDING_ORDERS", FeatureKind.Count, "orders",
                "Number of orders shipped but not yet settled.",
                "Count of the orders of PENDING_ORDER_VALUE.",
                "shipped_at, settled_at, refunded_at (the order's state at D)", "0 when there are none."),
            new(FeatureId.PastLoans, "PAST_LOANS", FeatureKind.Count, "loans",
                "Number of loans the merchant has taken before.",
                "Count of loans with disbursed_at before D, either product.",
                "disbursed_at", "0 when there are none."),
            new(FeatureId.WorstDpdEver, "WORST_DPD_EVER", FeatureKind.Count, "days",
                "Worst lateness on any past installment, in days past due.",
                "Maximum over installments (due_date before D) of loans disbursed before D of floor((E − due_date 00:00) / 1 day), where E is the instant of the payment that completed the installment if before D, else D 00:00; payments are allocated oldest due first, interest before principal; negative counts as 0.",
                "due_date and paid_at", "0 without past loans."),
            new(FeatureId.WorstDpd180d, "WORST_DPD_180D", FeatureKind.Count, "days",
                "Worst lateness on an installment in the last 180 days.",
                "As WORST_DPD_EVER, over the installments whose past-due spell [due_date 00:00, E) reaches into [D−180, D), i.e. E after D−180.",
                "due_date and paid_at", "0 without past loans."),
            new(FeatureId.OutstandingPrincipal, "OUTSTANDING_PRINCIPAL", FeatureKind.Money, "CNY",
                "Principal the merchant still owes on past loans.",
                "Sum over loans disbursed before D of principal minus the principal part of payments with paid_at before D (allocation as in WORST_DPD_EVER), at least 0 per loan.",
                "disbursed_at, paid_at", "0 without past loans."),
            new(FeatureId.RepaidPrincipalShare, "REPAID_PRINCIPAL_SHARE", FeatureKind.Real, "ratio",
                "Share of all principal ever borrowed that has been paid back.",
                "Principal part of payments with paid_at before D / principal of loans disbursed before D.",
                "disbursed_at, paid_at", "Missing without past loans."),
        ]);

        for (var i = 0; i < list.Count; i++)
        {
            if ((int)list[i].Id != i)
            {
                throw new InvalidOperationException($"Feature {list[i].Name} is at position {i} but has id {list[i].Id}.");
            }
        }

        return list;
    }

    private static FeatureId Id(string family, int days) => Enum.Parse<FeatureId>($"{family}{days}d");
}
