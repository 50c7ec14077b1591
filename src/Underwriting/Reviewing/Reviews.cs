using System.Data.Common;
using System.Globalization;
using Dapper;
using Microcredit.Scoring.Money;
using Microcredit.Scoring.Storage;
using Microcredit.Underwriting.Audit;
using Microcredit.Underwriting.Decisions;
using Microcredit.Underwriting.Webhooks;

namespace Microcredit.Underwriting.Reviewing;

/// <summary>
/// The review workflow (docs/dashboard.md, "Review queue and cases"). A decision referred to review
/// waits in the officers' queue until an officer approves it (an amount up to the one under review
/// and up to the role's approval limit), declines it (with a reason) or escalates it (with a note)
/// to the supervisors' queue, where only supervisors may act. A supervisor may also override the
/// outcome of any decision, automated or reviewed, with a note. Every action is a review_actions row
/// at the next version, an audit event and, when it sets the final outcome, the decision_reviews row
/// and a webhook delivery, all in the caller's transaction: the decision row itself never changes.
/// </summary>
public static class Reviews
{
    /// <summary>Applies <paramref name="command"/> for <paramref name="actor"/> unless the case moved on since the version the officer saw, or the action is not allowed.</summary>
    public static async Task<ReviewOutcome> ActAsync(
        DbConnection connection, DbTransaction transaction, ReviewCommand command, ReviewActor actor, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var @case = await ReviewCase.LoadAsync(connection, transaction, command.DecisionId, cancellationToken);
        if (@case is null)
        {
            return new ReviewOutcome(ReviewStatus.UnknownDecision, $"No decision '{command.DecisionId}'.", null);
        }

        if (command.SeenVersion != @case.Version)
        {
            return Stale(@case);
        }

        if (Refusal(@case, command, actor) is { } refusal)
        {
            return refusal;
        }

        var action = command.Action;
        var outcome = action switch
        {
            ReviewActions.Approve => DecisionOutcomes.Approved,
            ReviewActions.Decline => DecisionOutcomes.Declined,
            ReviewActions.Escalate => null,
            _ => command.Outcome,
        };
        var amount = outcome == DecisionOutcomes.Approved ? command.Amount ?? Money.FromMinor(@case.LineCents) : (Money?)null;
        var note = command.Note?.Trim() ?? "";
        var version = @case.Version + 1;
        var at = DbTime.ToDb(now);
        var inserted = await connection.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO review_actions (decision_id, version, action, outcome, approved_amount, officer, note, at)
            VALUES (@DecisionId, @version, @action, @outcome, @amount, @officer, @note, @at)
            ON CONFLICT (decision_id, version) DO NOTHING
            """,
            new { command.DecisionId, version, action, outcome, amount = outcome is null ? (long?)null : (amount ?? Money.Zero).ToMinor(), officer = actor.OfficerId, note, at },
            transaction,
            cancellationToken: cancellationToken));
        if (inserted == 0)
        {
            // Another officer's action took this version between our read and our insert (PostgreSQL: it
            // committed while we waited on its row); reading again in this transaction sees it.
            return Stale((await ReviewCase.LoadAsync(connection, transaction, command.DecisionId, cancellationToken))!);
        }

        if (outcome is not null)
        {
            var review = new ReviewRecord(command.DecisionId, outcome, (amount ?? Money.Zero).ToMinor(), actor.OfficerId, note, at, action == ReviewActions.Override ? ReviewSources.Override : ReviewSources.Review, version);
            await connection.ExecuteAsync(new CommandDefinition(
                """
                INSERT INTO decision_reviews (decision_id, outcome, approved_amount, officer, note, reviewed_at, source, version)
                VALUES (@DecisionId, @Outcome, @ApprovedAmount, @Officer, @Note, @ReviewedAt, @Source, @Version)
                ON CONFLICT (decision_id) DO UPDATE SET outcome = excluded.outcome, approved_amount = excluded.approved_amount, officer = excluded.officer,
                    note = excluded.note, reviewed_at = excluded.reviewed_at, source = excluded.source, version = excluded.version
                """,
                review,
                transaction,
                cancellationToken: cancellationToken));
            await WebhookOutbox.EnqueueAsync(connection, transaction, @case.Decision, review, now, cancellationToken);
        }

        await AuditLog.WriteAsync(connection, transaction, actor.OfficerId, "review." + action, command.DecisionId,
            new { merchantId = @case.Decision.MerchantId, version, outcome, approved = amount?.Amount, note }, now, cancellationToken);
        var after = (await ReviewCase.LoadAsync(connection, transaction, command.DecisionId, cancellationToken))!;
        return new ReviewOutcome(ReviewStatus.Recorded, Done(action, outcome, amount), after);
    }

    /// <summary>Why the action may not be taken on the case as it is, or null when it may.</summary>
    private static ReviewOutcome? Refusal(ReviewCase @case, ReviewCommand command, ReviewActor actor)
    {
        ReviewOutcome Refuse(ReviewStatus status, string message) => new(status, message, @case);
        var decision = @case.Decision;
        var note = command.Note?.Trim() ?? "";
        var action = command.Action;
        if (action == ReviewActions.Override)
        {
            if (!actor.IsSupervisor)
            {
                return Refuse(ReviewStatus.NotAllowed, "Only a supervisor may override a decision.");
            }

            if (@case.LoanId is not null)
            {
                return Refuse(ReviewStatus.DrawnDown, $"The decision was drawn down as loan {@case.LoanId}; an override cannot undo a loan.");
            }

            if (command.Outcome is not (DecisionOutcomes.Approved or DecisionOutcomes.Declined))
            {
                return Refuse(ReviewStatus.NotAllowed, "Choose the outcome the override sets: approved or declined.");
            }
        }
        else if (action is ReviewActions.Approve or ReviewActions.Decline or ReviewActions.Escalate)
        {
            if (decision.Outcome != DecisionOutcomes.Review)
            {
                return Refuse(ReviewStatus.NotUnderReview, $"The decision was {decision.Outcome} by the policy, not referred to review; a supervisor may override it.");
            }

            if (@case.Final is { } final)
            {
                return Refuse(ReviewStatus.AlreadyDecided, $"The case is closed: {final.Outcome} by {final.Officer} at {When(final.ReviewedAt)}. A supervisor may override it.");
            }

            if (@case.Escalated && !actor.IsSupervisor)
            {
                return Refuse(ReviewStatus.EscalatedToSupervisors, "The case was escalated to the supervisors' queue; only a supervisor may act on it now.");
            }

            if (action == ReviewActions.Escalate && (@case.Escalated || actor.IsSupervisor))
            {
                return Refuse(ReviewStatus.AlreadyEscalated, @case.Escalated ? "The case is in the supervisors' queue already." : "Supervisors decide escalated cases; there is no queue above theirs.");
            }
        }
        else
        {
            return Refuse(ReviewStatus.NotAllowed, $"Unknown action '{action}'.");
        }

        if (action != ReviewActions.Approve && note.Length == 0)
        {
            return Refuse(ReviewStatus.NoteRequired, action switch
            {
                ReviewActions.Decline => "Give the reason for the decline.",
                ReviewActions.Escalate => "Say why you escalate the case.",
                _ => "An override needs a note saying why.",
            });
        }

        var approving = action == ReviewActions.Approve || command.Outcome == DecisionOutcomes.Approved;
        return approving ? AmountRefusal(@case, command, actor, Refuse) : null;
    }

    private static ReviewOutcome? AmountRefusal(ReviewCase @case, ReviewCommand command, ReviewActor actor, Func<ReviewStatus, string, ReviewOutcome> refuse)
    {
        var line = Money.FromMinor(@case.LineCents);
        if (line <= Money.Zero)
        {
            return refuse(ReviewStatus.NothingToApprove, "The policy declined this decision and gave it no line or price; it can only be declined. Ask the merchant app for a new decision.");
        }

        var amount = command.Amount ?? line;
        if (amount <= Money.Zero || decimal.Round(amount.Amount, Money.Decimals) != amount.Amount)
        {
            return refuse(ReviewStatus.AmountRequired, "Enter an amount greater than 0 in whole cents.");
        }

        if (amount > line)
        {
            return refuse(ReviewStatus.AmountAboveLine, $"{Format(amount)} is above the {Format(line)} under review (the amount requested, cut to the policy's line).");
        }

        if (@case.Decision.Product == DecisionOutcomes.OrderProduct && amount != line)
        {
            return refuse(ReviewStatus.AmountAboveLine, $"An order loan lends the advances of its eligible orders: it is approved at {Format(line)} or declined.");
        }

        if (amount > actor.ApprovalLimit)
        {
            return refuse(ReviewStatus.AboveApprovalLimit, actor.IsSupervisor
                ? $"{Format(amount)} is above your approval limit of {Format(actor.ApprovalLimit)}."
                : $"{Format(amount)} is above your approval limit of {Format(actor.ApprovalLimit)}: escalate the case to a supervisor.");
        }

        return null;
    }

    private static ReviewOutcome Stale(ReviewCase @case) =>
        new(ReviewStatus.Stale, @case.Last is { } last
            ? $"Nothing changed: this case was already {Verb(last)} by {last.Officer} at {When(last.At)}. The page now shows the case as it is."
            : "Nothing changed: the page's version is not the case's. The page now shows the case as it is.", @case);

    private static string Verb(ReviewActionRecord action) => action.Action switch
    {
        ReviewActions.Approve => "approved",
        ReviewActions.Decline => "declined",
        ReviewActions.Escalate => "escalated",
        _ => $"overridden to {action.Outcome}",
    };

    private static string Done(string action, string? outcome, Money? amount) => action switch
    {
        ReviewActions.Approve => $"Approved {Format(amount!.Value)}.",
        ReviewActions.Decline => "Declined.",
        ReviewActions.Escalate => "Escalated to the supervisors' queue.",
        _ => outcome == DecisionOutcomes.Approved ? $"Overridden: approved {Format(amount!.Value)}." : "Overridden: declined.",
    };

    /// <summary>An instant as the messages print it: 10:02 UTC on 2026-11-02.</summary>
    public static string When(long milliseconds) => DbTime.FromDb(milliseconds).UtcDateTime.ToString("HH:mm 'UTC on' yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static string Format(Money amount) => amount.Amount.ToString("N2", CultureInfo.InvariantCulture) + " CNY";
}

/// <summary>Where a final human outcome came from (decision_reviews.source).</summary>
public static class ReviewSources
{
    public const string Review = "review";

    public const string Override = "override";
}
