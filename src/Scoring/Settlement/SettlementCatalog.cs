using System.Collections.Frozen;
using Microcredit.Scoring.Features;

namespace Microcredit.Scoring.Settlement;

/// <summary>
/// The order features of the settlement model, defined once. Each is computed for a pending order
/// o of merchant m at an instant t from the events with timestamps strictly before t; a window
/// "[t−n d, t)" is the n × 24 hours before t. Only the imported tables are read (merchants,
/// orders). docs/settlement.md holds the generated catalog.
/// </summary>
public static class SettlementCatalog
{
    /// <summary>Version of the order feature set; a change to any definition is a new version.</summary>
    public const int Version = 1;

    /// <summary>Marks the generated part of docs/settlement.md.</summary>
    public const string MarkdownBegin = "<!-- settlement-catalog:begin (generated from `credit settlement features --markdown`; do not edit) -->";

    /// <summary>Ends the generated part of docs/settlement.md.</summary>
    public const string MarkdownEnd = "<!-- settlement-catalog:end -->";

    private const string Others = "m's orders other than o";

    /// <summary>Every feature, in row order (<see cref="SettlementFeature.Id"/> is the index).</summary>
    public static IReadOnlyList<SettlementFeature> All { get; } = Define();

    /// <summary>Number of features in a row.</summary>
    public static int Count => All.Count;

    /// <summary>Feature name to its loan-officer description.</summary>
    public static IReadOnlyDictionary<string, string> Descriptions { get; } =
        All.ToFrozenDictionary(f => f.Name, f => f.Description, StringComparer.Ordinal);

    private static readonly FrozenDictionary<string, SettlementFeature> ByName = All.ToFrozenDictionary(f => f.Name, StringComparer.Ordinal);

    /// <summary>The feature of that name, or null.</summary>
    public static SettlementFeature? Find(string name) => ByName.GetValueOrDefault(name);

    /// <summary>The catalog as Markdown between the markers, one subsection per feature.</summary>
    public static string ToMarkdown() => CatalogMarkdown.Write(
        MarkdownBegin,
        MarkdownEnd,
        $"Order feature set version {Version}: {Count} features, in row order.",
        All.Select(f => (f.Name, f.Description, new[]
        {
            ("Unit", $"{f.Unit} ({f.Kind.ToString().ToLowerInvariant()})"),
            ("Definition", f.Definition),
            ("Missing", f.Missing),
        })));

    private static List<SettlementFeature> Define()
    {
        List<SettlementFeature> list =
        [
            new(SettlementFeatureId.OrderAmount, "ORDER_AMOUNT", SettlementFeatureKind.Money, "CNY",
                "Value of the order.",
                "amount of o.",
                "Never missing."),
            new(SettlementFeatureId.AmountToAov90d, "AMOUNT_TO_AOV_90D", SettlementFeatureKind.Real, "ratio",
                "How large the order is against the shop's usual order.",
                $"amount of o / (sum of amount / count) over {Others} with created_at in [t−90 d, t).",
                "Missing when there are no such orders."),
            new(SettlementFeatureId.HoursSinceShipped, "HOURS_SINCE_SHIPPED", SettlementFeatureKind.Real, "hours",
                "How long ago the order was shipped.",
                "(t − shipped_at of o) / 1 hour.",
                "Never missing (o is shipped before t)."),
            new(SettlementFeatureId.HoursToShip, "HOURS_TO_SHIP", SettlementFeatureKind.Real, "hours",
                "How long the shop took to ship the order after the buyer paid.",
                "(shipped_at − created_at of o) / 1 hour.",
                "Never missing."),
            new(SettlementFeatureId.BuyerPriorOrders, "BUYER_PRIOR_ORDERS", SettlementFeatureKind.Count, "orders",
                "Orders the same buyer placed with this shop before.",
                $"Count of {Others} with the buyer_id of o and created_at before t.",
                "0 when there are none."),
            new(SettlementFeatureId.BuyerPriorRefunds, "BUYER_PRIOR_REFUNDS", SettlementFeatureKind.Count, "orders",
                "Earlier orders of the same buyer with this shop that were refunded.",
                $"Count of {Others} with the buyer_id of o and refunded_at before t.",
                "0 when there are none."),
            new(SettlementFeatureId.BuyerPriorDisputes, "BUYER_PRIOR_DISPUTES", SettlementFeatureKind.Count, "orders",
                "Earlier orders of the same buyer with this shop that were disputed.",
                $"Count of {Others} with the buyer_id of o and disputed_at before t.",
                "0 when there are none."),
            new(SettlementFeatureId.BuyerOrderShare30d, "BUYER_ORDER_SHARE_30D", SettlementFeatureKind.Real, "ratio",
                "Share of the shop's recent orders placed by this buyer; a high share can mean fake orders.",
                "Orders of m (o included) with the buyer_id of o and created_at in [t−30 d, t) / all orders of m with created_at in [t−30 d, t).",
                "Missing when m has no order created in the window."),
            new(SettlementFeatureId.MerchantOrders90d, "MERCHANT_ORDERS_90D", SettlementFeatureKind.Count, "orders",
                "Number of orders the shop took in the last 90 days.",
                "Count of orders of m (o included) with created_at in [t−90 d, t).",
                "0 when there are none."),
            new(SettlementFeatureId.MerchantOrderGrowth30d, "MERCHANT_ORDER_GROWTH_30D", SettlementFeatureKind.Real, "ratio",
                "Orders of the last 30 days against the 60 days before; a sudden jump can mean inflated sales.",
                "(orders of m created in [t−30 d, t)) / ((orders of m created in [t−90 d, t−30 d)) / 2) − 1.",
                "Missing when no order of m was created in [t−90 d, t−30 d)."),
            new(SettlementFeatureId.MerchantRefundRate90d, "MERCHANT_REFUND_RATE_90D", SettlementFeatureKind.Real, "ratio",
                "Share of the shop's recently closed orders that ended in a refund.",
                "Orders of m with refunded_at in [t−90 d, t) / orders of m with settled_at or refunded_at in [t−90 d, t).",
                "Missing when no order of m settled or was refunded in the window."),
            new(SettlementFeatureId.MerchantRefundRate14d, "MERCHANT_REFUND_RATE_14D", SettlementFeatureKind.Real, "ratio",
                "Share of the shop's orders closed in the last two weeks that ended in a refund; a surge can signal trouble.",
                "As MERCHANT_REFUND_RATE_90D over [t−14 d, t).",
                "Missing when no order of m settled or was refunded in the window."),
            new(SettlementFeatureId.MerchantDisputeRate90d, "MERCHANT_DISPUTE_RATE_90D", SettlementFeatureKind.Real, "ratio",
                "Disputes opened against the shop in the last 90 days per order it took.",
                "Orders of m with disputed_at in [t−90 d, t) / orders of m with created_at in [t−90 d, t).",
                "Missing when no order of m was created in the window."),
            new(SettlementFeatureId.MerchantHoursToShip30d, "MERCHANT_HOURS_TO_SHIP_30D", SettlementFeatureKind.Real, "hours",
                "How long the shop has recently taken to ship; slow shipping goes with unhappy buyers.",
                "Mean of (shipped_at − created_at) / 1 hour over orders of m (o included) with shipped_at in [t−30 d, t).",
                "Missing when no order of m shipped in the window."),
            new(SettlementFeatureId.TenureDays, "TENURE_DAYS", SettlementFeatureKind.Count, "days",
                "How long the shop has been open on the marketplace.",
                "floor((t − registered_at of m) / 1 day).",
                "Never missing."),
            new(SettlementFeatureId.KycVerified, "KYC_VERIFIED", SettlementFeatureKind.Count, "0/1",
                "Whether the shop passed identity verification.",
                "kyc_verified of m as stored (1 verified, 0 not); the current value, which the table does not date.",
                "Never missing."),
            new(SettlementFeatureId.Category, "CATEGORY", SettlementFeatureKind.Category, "label",
                "The shop's main product category.",
                "category of m as stored; a categorical input.",
                "Never missing."),
        ];

        for (var i = 0; i < list.Count; i++)
        {
            if ((int)list[i].Id != i)
            {
                throw new InvalidOperationException($"Settlement feature {list[i].Name} is at position {i} but has id {list[i].Id}.");
            }
        }

        return list;
    }
}
