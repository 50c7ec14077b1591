using Microcredit.Scoring.Money;

namespace Microcredit.Underwriting.Policy;

/// <summary>
/// The policy's view of one merchant at one instant: which hard rules failed, the grade, what a
/// credit request gets and on which terms, and whether order loans are open to it.
/// </summary>
/// <param name="MerchantId">The merchant.</param>
/// <param name="PolicyVersion">The policy that assessed it.</param>
/// <param name="ModelId">The model that scored it; null when its data was not recent enough to score.</param>
/// <param name="AsOf">The snapshot date of the features scored; null when not scored.</param>
/// <param name="AssessedAt">When.</param>
/// <param name="ValidUntil">AssessedAt + the policy's validity days: decisions from it expire then.</param>
/// <param name="Score">Model score; null when not scored.</param>
/// <param name="Pd">Calibrated probability of default; null when not scored.</param>
/// <param name="Grade">The risk grade of the score; null when not scored.</param>
/// <param name="Action">What a credit request gets.</param>
/// <param name="FailedRules">The hard rules that failed, in the order of the decision flow.</param>
/// <param name="SizedLine">The line the merchant's sales support (before outstanding principal and the exposure cap); 0 when not sized.</param>
/// <param name="OutstandingPrincipal">What the merchant owes now, counted against the line and the exposure cap.</param>
/// <param name="CreditLimit">What may be lent now on a credit line; 0 on a decline.</param>
/// <param name="DailyRate">The grade's daily rate; 0 when the merchant failed a hard rule or its grade declines.</param>
/// <param name="OrderAdvanceRate">The grade's order advance rate (per order it is scaled by P(settle)); 0 when order loans are closed.</param>
/// <param name="OrderRoom">Total principal order loans may add under the exposure cap; 0 when order loans are closed.</param>
/// <param name="Reasons">Credit reasons: failed hard rules, then the policy's own reason, then the model's; never empty on a decline.</param>
/// <param name="OrderReasons">Why order loans are closed (same order); empty when they are open.</param>
public sealed record Assessment(
    string MerchantId,
    string PolicyVersion,
    string? ModelId,
    DateOnly? AsOf,
    DateTimeOffset AssessedAt,
    DateTimeOffset ValidUntil,
    double? Score,
    double? Pd,
    RiskGrade? Grade,
    PolicyAction Action,
    IReadOnlyList<DecisionReason> FailedRules,
    Money SizedLine,
    Money OutstandingPrincipal,
    Money CreditLimit,
    decimal DailyRate,
    decimal OrderAdvanceRate,
    Money OrderRoom,
    IReadOnlyList<DecisionReason> Reasons,
    IReadOnlyList<DecisionReason> OrderReasons)
{
    public bool OrderLoansOpen => OrderReasons.Count == 0;
}
