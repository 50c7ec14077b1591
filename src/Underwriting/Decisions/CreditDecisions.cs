using Microcredit.Scoring.Money;
using Microcredit.Underwriting.Policy;

namespace Microcredit.Underwriting.Decisions;

/// <summary>
/// A credit decision from its inputs, with no I/O: the API computes it live and replay recomputes
/// it from what was stored, through this one function, so the two cannot drift apart.
/// </summary>
public static class CreditDecisions
{
    public static (CreditDecisionResponse Response, Assessment Assessment) Decide(
        CreditPolicy policy, MerchantFacts facts, MerchantScorer scorer, Money requested, int termMonths, DateTimeOffset now, string decisionId)
    {
        var model = facts.Features is { } row ? scorer.Score(row) : null;
        var assessment = policy.Assess(facts, model, now);
        var decision = policy.DecideCredit(assessment, requested, termMonths);
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
