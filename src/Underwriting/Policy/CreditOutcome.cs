namespace Microcredit.Underwriting.Policy;

/// <summary>The outcome of a credit decision; text form (decisions.outcome): approved, declined, review.</summary>
public enum CreditOutcome
{
    Approved,
    Declined,
    Review,
}

public static class CreditOutcomes
{
    public static string ToText(CreditOutcome outcome) => outcome switch
    {
        CreditOutcome.Approved => "approved",
        CreditOutcome.Declined => "declined",
        _ => "review",
    };
}
