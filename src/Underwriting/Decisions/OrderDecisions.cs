using Microcredit.Scoring.Money;
using Microcredit.Scoring.Settlement;
using Microcredit.Scoring.Storage;
using Microcredit.Underwriting.Policy;

namespace Microcredit.Underwriting.Decisions;

/// <summary>
/// An order-loan decision from its inputs, with no I/O (the API and replay share it). Each order
/// is checked in turn: known and the merchant's; shipped, not settled, refunded or disputed before
/// now; shipped within the policy's days; not pledged already; then its advance rate is the
/// grade's rate × P(settle) from the settlement model. Eligible advances fill the room under the
/// exposure cap oldest shipment first; an order that no longer fits gets EXPOSURE_CAP.
/// </summary>
public static class OrderDecisions
{
    public static OrderDecisionResponse Decide(
        CreditPolicy policy,
        MerchantFacts facts,
        MerchantScorer scorer,
        SettlementModel settlement,
        string settlementModelId,
        string category,
        IReadOnlyList<OrderCandidate> candidates,
        bool listedByCaller,
        DateTimeOffset now,
        string decisionId)
    {
        var model = facts.Features is { } row ? scorer.Score(row) : null;
        var assessment = policy.Assess(facts, model, now);
        var at = DbTime.ToDb(now);
        var maxShipAge = TimeSpan.FromDays(policy.OrderLoans.MaxShipAgeDays).Ticks / TimeSpan.TicksPerMillisecond;
        var room = assessment.OrderRoom;
        var lines = new List<OrderDecisionLine>();
        Span<double> features = stackalloc double[SettlementCatalog.Count];
        foreach (var order in candidates.OrderBy(c => c.ShippedAt ?? long.MaxValue).ThenBy(c => c.OrderId, StringComparer.Ordinal))
        {
            var amount = order.AmountCents is { } cents ? Money.FromMinor(cents) : (Money?)null;
            var reason = StatusReason(order, at, maxShipAge);
            if (reason is not null)
            {
                lines.Add(new OrderDecisionLine(order.OrderId, false, reason, amount?.Amount, null, null, 0m));
                continue;
            }

            for (var f = 0; f < features.Length; f++)
            {
                features[f] = order.Features![f] ?? double.NaN;
            }

            var probability = settlement.ProbabilityOfSettling(features, category);
            var rate = policy.OrderAdvanceRate(assessment, probability);
            if (!rate.Eligible)
            {
                lines.Add(new OrderDecisionLine(order.OrderId, false, rate.IneligibleReason, amount!.Value.Amount, probability, null, 0m));
                continue;
            }

            var advance = CreditPolicy.OrderAdvance(amount!.Value, rate.Rate);
            if (advance > room)
            {
                lines.Add(new OrderDecisionLine(order.OrderId, false, ReasonCodes.ExposureCap, amount.Value.Amount, probability, rate.Rate, 0m));
                continue;
            }

            room -= advance;
            lines.Add(new OrderDecisionLine(order.OrderId, true, null, amount.Value.Amount, probability, rate.Rate, advance.Amount));
        }

        if (!listedByCaller)
        {
            // Asked for "every eligible order": the answer lists those only.
            lines = [.. lines.Where(l => l.Eligible)];
        }

        var total = lines.Aggregate(Money.Zero, (sum, l) => sum + new Money(l.AdvanceAmount));
        var approved = total > Money.Zero;
        var reasons = approved ? assessment.Reasons.Where(r => r.Impact > 0).ToList() : DeclineReasons(assessment, lines);
        var dailyRate = approved ? assessment.DailyRate : 0m;
        return new OrderDecisionResponse(
            decisionId,
            facts.MerchantId,
            DecisionOutcomes.OrderProduct,
            approved ? DecisionOutcomes.Approved : DecisionOutcomes.Declined,
            lines,
            total.Amount,
            dailyRate,
            dailyRate * CreditPolicy.DaysPerYear,
            policy.OrderLoans.TermDays,
            policy.ExpectedOrderInterest(total, dailyRate).Amount,
            assessment.Score,
            assessment.Pd,
            assessment.Grade?.Grade,
            reasons,
            scorer.ModelId,
            settlementModelId,
            assessment.PolicyVersion,
            assessment.AsOf,
            now,
            assessment.ValidUntil);
    }

    /// <summary>Why the order cannot be pledged whatever its risk, or null when it can be.</summary>
    public static string? StatusReason(OrderCandidate order, long at, long maxShipAgeMs) =>
        order.Problem
        ?? (order.ShippedAt is not { } shipped || shipped >= at ? OrderReasonCodes.NotShipped
        : order.SettledAt < at ? OrderReasonCodes.Settled
        : order.RefundedAt < at ? OrderReasonCodes.Refunded
        : order.DisputedAt < at ? OrderReasonCodes.Disputed
        : at - shipped > maxShipAgeMs ? OrderReasonCodes.ShippedTooLongAgo
        : order.Pledged ? OrderReasonCodes.AlreadyPledged
        : null);

    private static List<DecisionReason> DeclineReasons(Assessment assessment, List<OrderDecisionLine> lines)
    {
        if (!assessment.OrderLoansOpen)
        {
            return [.. assessment.OrderReasons];
        }

        var text = lines.Count == 0
            ? "The merchant has no shipped, unsettled order within the policy's window that is not already pledged."
            : $"None of the {lines.Count} orders is eligible: {string.Join(", ", lines.GroupBy(l => l.Reason).Select(g => $"{g.Count()} {g.Key}"))}.";
        return [new DecisionReason(OrderReasonCodes.NoEligibleOrders, text, 0), .. assessment.Reasons.Where(r => r.Impact > 0)];
    }
}
