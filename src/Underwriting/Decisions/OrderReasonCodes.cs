namespace Microcredit.Underwriting.Decisions;

/// <summary>Why an order gets no advance (besides the policy's LOW_SETTLEMENT_PROBABILITY, EXPOSURE_CAP and merchant-level codes).</summary>
public static class OrderReasonCodes
{
    public const string UnknownOrder = "UNKNOWN_ORDER";
    public const string NotMerchantsOrder = "NOT_MERCHANTS_ORDER";
    public const string NotShipped = "NOT_SHIPPED";
    public const string Settled = "SETTLED";
    public const string Refunded = "REFUNDED";
    public const string Disputed = "DISPUTED";
    public const string ShippedTooLongAgo = "SHIPPED_OVER_30_DAYS_AGO";
    public const string AlreadyPledged = "ALREADY_PLEDGED";
    public const string NoEligibleOrders = "NO_ELIGIBLE_ORDERS";
}
