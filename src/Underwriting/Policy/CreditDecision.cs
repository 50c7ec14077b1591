using Microcredit.Scoring.Money;

namespace Microcredit.Underwriting.Policy;

/// <summary>
/// What a credit request gets. <paramref name="ApprovedAmount"/> is the amount approved, or
/// under review for <see cref="CreditOutcome.Review"/>; 0 on a decline.
/// </summary>
/// <param name="Outcome">Approved, declined or review.</param>
/// <param name="RequestedAmount">As asked.</param>
/// <param name="ApprovedAmount">min(requested, credit limit); 0 on a decline.</param>
/// <param name="CounterOffer">True when the request was above the limit and the limit is offered instead.</param>
/// <param name="TermMonths">As asked.</param>
/// <param name="CreditLimit">The assessment's limit; 0 on a decline.</param>
/// <param name="DailyRate">The grade's daily rate; 0 on a decline.</param>
/// <param name="Apr">DailyRate × 365 (simple, not compounded).</param>
/// <param name="Reasons">The assessment's reasons; never empty on a decline.</param>
/// <param name="DecidedAt">The assessment's instant.</param>
/// <param name="ExpiresAt">After it, the decision cannot be drawn down.</param>
public sealed record CreditDecision(
    CreditOutcome Outcome,
    Money RequestedAmount,
    Money ApprovedAmount,
    bool CounterOffer,
    int TermMonths,
    Money CreditLimit,
    decimal DailyRate,
    decimal Apr,
    IReadOnlyList<DecisionReason> Reasons,
    DateTimeOffset DecidedAt,
    DateTimeOffset ExpiresAt);
