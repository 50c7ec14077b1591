using System.Data.Common;
using Dapper;
using Microcredit.Scoring.Money;
using Microcredit.Scoring.Storage;
using Microcredit.Underwriting.Audit;
using Microcredit.Underwriting.Decisions;

namespace Microcredit.Underwriting.Reviewing;

/// <summary>
/// Decisions referred to review wait here until an officer approves or declines them. The queue is
/// the decisions with outcome 'review' and no review row, oldest first; deciding adds the review
/// row (the decision itself is never changed) and an audit event in one transaction.
/// </summary>
public static class Reviews
{
    public static async Task<IReadOnlyList<PendingReview>> PendingAsync(DbConnection connection, int limit, CancellationToken cancellationToken) =>
        [.. await connection.QueryAsync<PendingReview>(new CommandDefinition(
            """
            SELECT d.decision_id AS DecisionId, d.merchant_id AS MerchantId, d.product AS Product, d.requested_amount AS RequestedAmount,
                   d.approved_amount AS ApprovedAmount, d.score AS Score, d.pd AS Pd, d.risk_grade AS RiskGrade, d.reasons AS Reasons,
                   d.decided_at AS DecidedAt, d.expires_at AS ExpiresAt
            FROM decisions d
            WHERE d.outcome = 'review' AND NOT EXISTS (SELECT 1 FROM decision_reviews r WHERE r.decision_id = d.decision_id)
            ORDER BY d.decided_at, d.decision_id
            LIMIT @limit
            """,
            new { limit },
            cancellationToken: cancellationToken))];

    /// <summary>Records an officer's outcome (approved with an amount up to the one under review, or declined).</summary>
    public static async Task<ReviewResult> DecideAsync(
        DbConnection connection, DbTransaction transaction, string decisionId, bool approve, Money? amount, string officer, string note, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var decision = await DecisionStore.FindAsync(connection, transaction, decisionId, cancellationToken);
        if (decision is null)
        {
            return ReviewResult.UnknownDecision;
        }

        if (decision.Outcome != DecisionOutcomes.Review)
        {
            return ReviewResult.NotUnderReview;
        }

        var approved = approve ? amount ?? Money.FromMinor(decision.ApprovedAmount) : Money.Zero;
        if (approve && (approved <= Money.Zero || approved.ToMinor() > decision.ApprovedAmount))
        {
            return ReviewResult.AmountOutOfRange;
        }

        var inserted = await connection.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO decision_reviews (decision_id, outcome, approved_amount, officer, note, reviewed_at)
            VALUES (@decisionId, @outcome, @amount, @officer, @note, @at)
            ON CONFLICT (decision_id) DO NOTHING
            """,
            new { decisionId, outcome = approve ? DecisionOutcomes.Approved : DecisionOutcomes.Declined, amount = approved.ToMinor(), officer, note, at = DbTime.ToDb(now) },
            transaction,
            cancellationToken: cancellationToken));
        if (inserted == 0)
        {
            return ReviewResult.AlreadyReviewed;
        }

        await AuditLog.WriteAsync(connection, transaction, officer, approve ? "review.approve" : "review.decline", decisionId,
            new { merchantId = decision.MerchantId, approved = approved.Amount, note }, now, cancellationToken);
        return ReviewResult.Recorded;
    }
}

public enum ReviewResult
{
    Recorded,
    UnknownDecision,
    NotUnderReview,
    AlreadyReviewed,
    AmountOutOfRange,
}

/// <summary>A decision waiting for an officer (money in cents, instants in Unix ms).</summary>
public sealed record PendingReview(
    string DecisionId, string MerchantId, string Product, long? RequestedAmount, long ApprovedAmount, double? Score, double? Pd, string? RiskGrade, string Reasons, long DecidedAt, long ExpiresAt);
