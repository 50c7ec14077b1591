namespace Microcredit.Scoring.Settlement;

/// <summary>
/// Position of each order feature in a settlement feature row; the order of
/// <see cref="SettlementCatalog.All"/>. Appending is a new catalog version; never reorder.
/// </summary>
public enum SettlementFeatureId
{
    OrderAmount,
    AmountToAov90d,
    HoursSinceShipped,
    HoursToShip,
    BuyerPriorOrders,
    BuyerPriorRefunds,
    BuyerPriorDisputes,
    BuyerOrderShare30d,
    MerchantOrders90d,
    MerchantOrderGrowth30d,
    MerchantRefundRate90d,
    MerchantRefundRate14d,
    MerchantDisputeRate90d,
    MerchantHoursToShip30d,
    TenureDays,
    KycVerified,
    Category,
}
