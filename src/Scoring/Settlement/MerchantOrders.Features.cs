using Microcredit.Scoring.Features.History;

namespace Microcredit.Scoring.Settlement;

public sealed partial class MerchantOrders
{
    private const long Hour = 3_600_000;
    private const long Day = Days.Ms;

    /// <summary>
    /// Writes the order features (<see cref="SettlementCatalog"/>, row order) of order
    /// <paramref name="index"/> at instant <paramref name="at"/> (Unix ms UTC) into
    /// <paramref name="row"/>: only events strictly before <paramref name="at"/> count. Missing
    /// values are NaN; the <c>CATEGORY</c> slot holds NaN (the label is <see cref="MerchantProfile.Category"/>).
    /// No allocation; O(log n) per feature.
    /// </summary>
    /// <exception cref="ArgumentException">The order is not pending at the instant (<see cref="OrderRecord.IsPendingAt"/>), or the row is too short.</exception>
    public void ComputeFeatures(int index, long at, Span<double> row)
    {
        var o = orders[index];
        if (!o.IsPendingAt(at))
        {
            throw new ArgumentException($"Order {o.OrderId} is not pending (shipped, not settled, refunded or disputed) at {Storage.DbTime.FromDb(at):O}.", nameof(index));
        }

        if (row.Length < SettlementCatalog.Count)
        {
            throw new ArgumentException($"A row needs {SettlementCatalog.Count} values.", nameof(row));
        }

        var ship = o.ShippedAt!.Value;
        var buyer = buyerOf[index];
        long d90 = at - (90 * Day), d30 = at - (30 * Day), d14 = at - (14 * Day);
        var self90 = o.CreatedAt >= d90 ? 1 : 0;

        var before = Timeline.CountBefore(created, at);
        var from90 = Timeline.CountBefore(created, d90);
        var from30 = Timeline.CountBefore(created, d30);
        var others90 = before - from90 - self90;
        var othersSum90 = createdAmountPrefix[before] - createdAmountPrefix[from90] - (self90 * o.AmountCents);
        var orders30 = before - from30;
        var earlier60 = from30 - from90;

        Set(row, SettlementFeatureId.OrderAmount, o.AmountCents / 100.0);
        Set(row, SettlementFeatureId.AmountToAov90d, others90 == 0 ? double.NaN : (double)o.AmountCents * others90 / othersSum90);
        Set(row, SettlementFeatureId.HoursSinceShipped, (double)(at - ship) / Hour);
        Set(row, SettlementFeatureId.HoursToShip, (double)(ship - o.CreatedAt) / Hour);
        Set(row, SettlementFeatureId.BuyerPriorOrders, Timeline.CountBefore(buyerCreated.Of(buyer), at) - 1);
        Set(row, SettlementFeatureId.BuyerPriorRefunds, Timeline.CountBefore(buyerRefunded.Of(buyer), at));
        Set(row, SettlementFeatureId.BuyerPriorDisputes, Timeline.CountBefore(buyerDisputed.Of(buyer), at));
        Set(row, SettlementFeatureId.BuyerOrderShare30d, orders30 == 0 ? double.NaN : (double)Timeline.CountIn(buyerCreated.Of(buyer), d30, at) / orders30);
        Set(row, SettlementFeatureId.MerchantOrders90d, before - from90);
        Set(row, SettlementFeatureId.MerchantOrderGrowth30d, earlier60 == 0 ? double.NaN : (2.0 * orders30 / earlier60) - 1);
        Set(row, SettlementFeatureId.MerchantRefundRate90d, Rate(Timeline.CountIn(refunded, d90, at), Timeline.CountIn(closed, d90, at)));
        Set(row, SettlementFeatureId.MerchantRefundRate14d, Rate(Timeline.CountIn(refunded, d14, at), Timeline.CountIn(closed, d14, at)));
        Set(row, SettlementFeatureId.MerchantDisputeRate90d, Rate(Timeline.CountIn(disputed, d90, at), before - from90));
        var shipEnd = Timeline.CountBefore(shipped, at);
        var shipStart = Timeline.CountBefore(shipped, d30);
        Set(row, SettlementFeatureId.MerchantHoursToShip30d, shipEnd == shipStart
            ? double.NaN
            : (double)(shipDurationPrefix[shipEnd] - shipDurationPrefix[shipStart]) / (shipEnd - shipStart) / Hour);
        Set(row, SettlementFeatureId.TenureDays, Days.Of(at - Merchant.RegisteredAt));
        Set(row, SettlementFeatureId.KycVerified, Merchant.KycVerified ? 1 : 0);
        Set(row, SettlementFeatureId.Category, double.NaN);
    }

    private static void Set(Span<double> row, SettlementFeatureId id, double value) => row[(int)id] = value;

    private static double Rate(int numerator, int denominator) => denominator == 0 ? double.NaN : (double)numerator / denominator;
}
