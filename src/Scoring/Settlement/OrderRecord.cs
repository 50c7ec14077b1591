namespace Microcredit.Scoring.Settlement;

/// <summary>
/// One order as imported: amounts in cents, instants in Unix milliseconds UTC (storage units,
/// <see cref="Storage.DbTime"/>), null where the event has not happened.
/// </summary>
public readonly record struct OrderRecord(
    string OrderId,
    string BuyerId,
    long AmountCents,
    long CreatedAt,
    long? ShippedAt,
    long? SettledAt,
    long? RefundedAt,
    long? DisputedAt)
{
    /// <summary>Shipped before <paramref name="at"/> and neither settled, refunded nor disputed before it: what an order loan can advance against.</summary>
    public bool IsPendingAt(long at) =>
        ShippedAt < at && !(SettledAt < at) && !(RefundedAt < at) && !(DisputedAt < at);
}
