namespace Microcredit.Scoring.Settlement;

/// <summary>How a pledged order ended, as far as an order loan is concerned.</summary>
public enum SettlementOutcome
{
    /// <summary>Not known yet at the as-of instant: still open.</summary>
    Unknown,

    /// <summary>Settled, with no dispute opened before it settled: the advance is repaid.</summary>
    Settled,

    /// <summary>Refunded, or disputed before it settled: the advance is at risk.</summary>
    NotSettled,
}

/// <summary>The settlement label of an order as known at an instant.</summary>
public static class SettlementLabel
{
    /// <summary>
    /// <see cref="SettlementOutcome.NotSettled"/> when refunded_at is before <paramref name="asOf"/>
    /// or disputed_at is before both <paramref name="asOf"/> and settled_at (if any);
    /// <see cref="SettlementOutcome.Settled"/> when settled_at is before <paramref name="asOf"/>
    /// without such a dispute; <see cref="SettlementOutcome.Unknown"/> otherwise. A dispute opened
    /// after the money was released does not count: the advance was repaid by then.
    /// </summary>
    public static SettlementOutcome Of(in OrderRecord order, long asOf)
    {
        if (order.RefundedAt < asOf)
        {
            return SettlementOutcome.NotSettled;
        }

        var settledBy = order.SettledAt is { } s && s < asOf ? s : asOf;
        if (order.DisputedAt < settledBy)
        {
            return SettlementOutcome.NotSettled;
        }

        return order.SettledAt < asOf ? SettlementOutcome.Settled : SettlementOutcome.Unknown;
    }
}
