using Microcredit.Scoring.Money;

namespace Microcredit.Underwriting.Policy;

public sealed partial record CreditPolicy
{
    /// <summary>Days in the year of the APR: apr = daily rate × 365, simple interest.</summary>
    public const int DaysPerYear = 365;

    /// <summary>
    /// A credit request against an assessment: a decline stays a decline (approved 0, its
    /// reasons); otherwise the amount is min(requested, credit limit), approved or put to review
    /// as the grade says, with <see cref="CreditDecision.CounterOffer"/> when the request was above
    /// the limit.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The amount is not a positive whole-cent amount, or the term is not one the policy offers.</exception>
    public CreditDecision DecideCredit(Assessment assessment, Money requestedAmount, int termMonths)
    {
        ArgumentNullException.ThrowIfNull(assessment);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(requestedAmount.Amount, 0m, nameof(requestedAmount));
        if (decimal.Round(requestedAmount.Amount, Money.Decimals) != requestedAmount.Amount)
        {
            throw new ArgumentOutOfRangeException(nameof(requestedAmount), requestedAmount.Amount, "The amount has fractions of a cent.");
        }

        if (!CreditLine.TermMonths.Contains(termMonths))
        {
            throw new ArgumentOutOfRangeException(nameof(termMonths), termMonths, $"Terms offered: {string.Join(", ", CreditLine.TermMonths)} months.");
        }

        if (assessment.Action == PolicyAction.Decline)
        {
            return new CreditDecision(
                CreditOutcome.Declined, requestedAmount, Money.Zero, false, termMonths, Money.Zero, 0m, 0m,
                assessment.Reasons, assessment.AssessedAt, assessment.ValidUntil);
        }

        var limit = assessment.CreditLimit;
        var counter = requestedAmount > limit;
        return new CreditDecision(
            assessment.Action == PolicyAction.Approve ? CreditOutcome.Approved : CreditOutcome.Review,
            requestedAmount,
            counter ? limit : requestedAmount,
            counter,
            termMonths,
            limit,
            assessment.DailyRate,
            assessment.DailyRate * DaysPerYear,
            assessment.Reasons,
            assessment.AssessedAt,
            assessment.ValidUntil);
    }
}
