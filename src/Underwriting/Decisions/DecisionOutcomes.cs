namespace Microcredit.Underwriting.Decisions;

/// <summary>The outcomes a decision can have, as the API and the decisions table spell them.</summary>
public static class DecisionOutcomes
{
    public const string Approved = "approved";

    public const string Declined = "declined";

    public const string Review = "review";

    public const string CreditProduct = "credit";

    public const string OrderProduct = "order";
}
