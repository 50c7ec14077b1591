namespace Microcredit.Underwriting.Policy;

/// <summary>What a risk grade does with a credit request. Text form (policy JSON, offers table): lower case.</summary>
public enum PolicyAction
{
    Approve,
    Review,
    Decline,
}

public static class PolicyActions
{
    public static string ToText(PolicyAction action) => action switch
    {
        PolicyAction.Approve => "approve",
        PolicyAction.Review => "review",
        _ => "decline",
    };

    /// <summary>The action of a text, or null when it names none.</summary>
    public static PolicyAction? Parse(string text) => text switch
    {
        "approve" => PolicyAction.Approve,
        "review" => PolicyAction.Review,
        "decline" => PolicyAction.Decline,
        _ => null,
    };
}
