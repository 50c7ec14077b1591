using Microcredit.Scoring.Money;
using Microcredit.Underwriting.Policy;

namespace Microcredit.Underwriting.Decisions;

/// <summary>
/// A credit decision from its inputs, with no I/O: the API computes it live and replay recomputes
/// it from what was stored, through this one function, so the two cannot drift apart.
/// </summary>
public static class CreditDecisions
{
    /// <summary>Reason code of a credit request while an early warning has frozen the merchant's line.</summary>
    public const string LineFrozen = "LINE_FROZEN";

    /// <param name="policy">The policy of the day.</param>
    /// <param name="facts">The merchant's facts.</param>
    /// <param name="scorer">The credit model.</param>
    /// <param name="requested">The amount asked for.</param>
    /// <param name="termMonths">The term asked for.</param>
    /// <param name="frozenReason">Why the merchant's line is frozen (offers.frozen_reason), or null: a frozen line lends nothing new.</param>
    /// <param name="now">The decision's instant.</param>
    /// <param name="decisionId">Its id.</param>
    public static (CreditDecisionResponse Response, Assessment Assessment) Decide(
        CreditPolicy policy, MerchantFacts facts, MerchantScorer scorer, Money requested, int termMonths, string? frozenReason, DateTimeOffset now, string decisionId)
    {
        var model = facts.Features is { } row ? scorer.Score(row) : null;
        var assessment = policy.Assess(facts, model, now);
        var decision = policy.DecideCredit(assessment, requested, termMonths);
        if (frozenReason is not null && decision.Outcome != CreditOutcome.Declined)
        {
            decision = decision with
            {
                Outcome = CreditOutcome.Declined,
                ApprovedAmount = Money.Zero,
                CounterOffer = false,
                CreditLimit = Money.Zero,
                DailyRate = 0m,
                Apr = 0m,
                Reasons = [new DecisionReason(LineFrozen, $"The credit line is frozen by an early warning: {frozenReason}", 0), .. decision.Reasons],
            };
        }
        var response = new CreditDecisionResponse(
            decisionId,
            facts.MerchantId,
            DecisionOutcomes.CreditProduct,
            CreditOutcomes.ToText(decision.Outcome),
            decision.RequestedAmount.Amount,
            decision.TermMonths,
            decision.ApprovedAmount.Amount,
            decision.CounterOffer,
            decision.CreditLimit.Amount,
            decision.DailyRate,
            decision.Apr,
            assessment.Score,
            assessment.Pd,
            assessment.Grade?.Grade,
            decision.Reasons,
            scorer.ModelId,
            assessment.PolicyVersion,
            assessment.AsOf,
            decision.DecidedAt,
            decision.ExpiresAt);
        return (response, assessment);
    }
}
