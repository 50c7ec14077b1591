using System.Data.Common;
using Dapper;
using Microcredit.Underwriting.Decisions;

namespace Microcredit.Underwriting.Reviewing;

/// <summary>
/// A decision as the review workflow sees it: its actions so far (the case's version is the number
/// of them), the final human outcome if any, whether it was escalated, and the loan it became.
/// A decision referred to review with no action yet is open in the officers' queue.
/// </summary>
public sealed record ReviewCase(DecisionRecord Decision, IReadOnlyList<ReviewActionRecord> Actions, ReviewRecord? Final, string? LoanId)
{
    public long Version => Actions.Count == 0 ? 0 : Actions[^1].Version;

    public ReviewActionRecord? Last => Actions.Count == 0 ? null : Actions[^1];

    public bool Escalated => Actions.Any(a => a.Action == ReviewActions.Escalate);

    /// <summary>open, escalated (both waiting), approved or declined (final: by review or override), or automated (never referred nor overridden).</summary>
    public string Status =>
        Final is not null ? Final.Outcome
        : Decision.Outcome != DecisionOutcomes.Review ? "automated"
        : Escalated ? CaseStatuses.Escalated
        : CaseStatuses.Open;

    /// <summary>Whether the case waits in a queue (referred, no final outcome yet).</summary>
    public bool Waiting => Final is null && Decision.Outcome == DecisionOutcomes.Review;

    /// <summary>The outcome that counts now: the human one when there is one, else the decision's own.</summary>
    public string FinalOutcome => Final?.Outcome ?? Decision.Outcome;

    /// <summary>The most an approval may lend: the amount the decision put under review (or approved), the requested amount cut to the policy's line.</summary>
    public long LineCents => Decision.ApprovedAmount;

    public static async Task<ReviewCase?> LoadAsync(DbConnection connection, DbTransaction? transaction, string decisionId, CancellationToken cancellationToken)
    {
        var decision = await DecisionStore.FindAsync(connection, transaction, decisionId, cancellationToken);
        if (decision is null)
        {
            return null;
        }

        var actions = await ActionsAsync(connection, transaction, decisionId, cancellationToken);
        var final = await DecisionStore.ReviewAsync(connection, transaction, decisionId, cancellationToken);
        var loanId = await connection.QuerySingleOrDefaultAsync<string>(new CommandDefinition(
            "SELECT loan_id FROM loans WHERE decision_id = @decisionId", new { decisionId }, transaction, cancellationToken: cancellationToken));
        return new ReviewCase(decision, actions, final, loanId);
    }

    public static async Task<IReadOnlyList<ReviewActionRecord>> ActionsAsync(DbConnection connection, DbTransaction? transaction, string decisionId, CancellationToken cancellationToken) =>
        [.. await connection.QueryAsync<ReviewActionRecord>(new CommandDefinition(
            """
            SELECT decision_id AS DecisionId, version AS Version, action AS Action, outcome AS Outcome, approved_amount AS ApprovedAmount,
                   officer AS Officer, note AS Note, at AS At
            FROM review_actions WHERE decision_id = @decisionId ORDER BY version
            """,
            new { decisionId },
            transaction,
            cancellationToken: cancellationToken))];
}

/// <summary>One action on a case (review_actions): money in cents, the instant in Unix ms.</summary>
public sealed record ReviewActionRecord(string DecisionId, long Version, string Action, string? Outcome, long? ApprovedAmount, string Officer, string Note, long At);

/// <summary>The states of a case a queue holds.</summary>
public static class CaseStatuses
{
    /// <summary>In the officers' queue.</summary>
    public const string Open = "open";

    /// <summary>In the supervisors' queue.</summary>
    public const string Escalated = "escalated";
}
