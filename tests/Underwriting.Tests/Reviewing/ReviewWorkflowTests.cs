using System.Net;
using Dapper;
using Microcredit.Scoring.Money;
using Microcredit.Scoring.Storage;
using Microcredit.Tests;
using Microcredit.Underwriting.Dashboard.Officers;
using Microcredit.Underwriting.Dashboard.Reviews;
using Microcredit.Underwriting.Reviewing;
using Microcredit.Underwriting.Tests.Api;
using static Microcredit.Underwriting.Tests.Reviewing.ReviewKit;

namespace Microcredit.Underwriting.Tests.Reviewing;

public class ReviewWorkflowTests
{
    private static readonly QueueFilter Officers = new(false, null, null, null, null, null, null);

    private static readonly QueueFilter Supervisors = Officers with { Escalated = true };

    [Theory, Engines]
    public async Task A_referred_decision_waits_in_the_officers_queue_until_an_officer_decides_it(DatabaseEngine engine)
    {
        await using var world = await ApiWorld.CreateAsync(engine);
        var id = await ReferAsync(world);
        var automated = await DecideAsync(world, ApiWorld.Good);
        await using var connection = await world.Database.Database.OpenAsync();
        var before = await ReviewQueries.QueueAsync(connection, Officers, world.Clock.GetUtcNow(), 1, CancellationToken.None);

        var tooMuch = await ActAsync(world, Chen, id, 0, ReviewActions.Approve, 900m);
        world.Clock.Advance(TimeSpan.FromHours(1));
        var decided = await ActAsync(world, Chen, id, 0, ReviewActions.Approve, 600m, "trimmed");
        var stale = await ActAsync(world, Wang, id, 0, ReviewActions.Decline, note: "late");
        var closed = await ActAsync(world, Wang, id, 1, ReviewActions.Decline, note: "late");
        var notReferred = await ActAsync(world, Wang, automated, 0, ReviewActions.Decline, note: "no");
        var after = await ReviewQueries.QueueAsync(connection, Officers, world.Clock.GetUtcNow(), 1, CancellationToken.None);
        var read = await GetDecisionAsync(world, id);

        Assert.Equal([id], before.Rows.Select(r => r.DecisionId));
        Assert.Equal((1L, 0L), (before.Counts.Officers, before.Counts.Supervisors));
        Assert.Equal(80_000, before.Rows[0].ApprovedAmount);
        Assert.Equal(ReviewStatus.AmountAboveLine, tooMuch.Status);
        Assert.Equal("900.00 CNY is above the 800.00 CNY under review (the amount requested, cut to the policy's line).", tooMuch.Message);
        Assert.Equal(ReviewStatus.Recorded, decided.Status);
        Assert.Equal("Approved 600.00 CNY.", decided.Message);
        Assert.Equal(ReviewStatus.Stale, stale.Status);
        Assert.Equal("Nothing changed: this case was already approved by chen at 11:00 UTC on 2026-11-02. The page now shows the case as it is.", stale.Message);
        Assert.Equal(ReviewStatus.AlreadyDecided, closed.Status);
        Assert.Equal(ReviewStatus.NotUnderReview, notReferred.Status);
        Assert.Empty(after.Rows);
        Assert.Equal((0L, 0L), (after.Counts.Officers, after.Counts.Supervisors));
        Assert.Equal("review", (string?)read["outcome"]);
        Assert.Equal("approved", (string?)read["finalOutcome"]);
        Assert.Equal(600m, (decimal)read["review"]!["approvedAmount"]!);
        Assert.Equal("review", (string?)read["review"]!["source"]);
        Assert.Equal([("approve", 600m)], read["reviewHistory"]!.AsArray().Select(a => ((string)a!["action"]!, (decimal)a["approvedAmount"]!)));
        Assert.Equal(1, await world.CountAsync($"audit_events WHERE subject = '{id}' AND action = 'review.approve' AND actor = 'chen'"));
        Assert.Equal(1, await world.CountAsync("audit_events WHERE action LIKE 'review.%'"));
    }

    [Theory, Engines]
    public async Task An_escalated_case_moves_to_the_supervisors_queue_where_only_a_supervisor_may_decide_it(DatabaseEngine engine)
    {
        await using var world = await ApiWorld.CreateAsync(engine);
        var id = await ReferAsync(world);

        var noNote = await ActAsync(world, Chen, id, 0, ReviewActions.Escalate, note: "  ");
        var escalated = await ActAsync(world, Chen, id, 0, ReviewActions.Escalate, note: "GMV fell 10% in a quarter");
        var again = await ActAsync(world, LiWei, id, 1, ReviewActions.Escalate, note: "me too");
        var officerApproves = await ActAsync(world, Wang, id, 1, ReviewActions.Approve, 500m);
        await using var connection = await world.Database.Database.OpenAsync();
        var officersQueue = await ReviewQueries.QueueAsync(connection, Officers, world.Clock.GetUtcNow(), 1, CancellationToken.None);
        var supervisorsQueue = await ReviewQueries.QueueAsync(connection, Supervisors, world.Clock.GetUtcNow(), 1, CancellationToken.None);
        world.Clock.Advance(TimeSpan.FromMinutes(1));
        var approved = await ActAsync(world, LiWei, id, 1, ReviewActions.Approve, 700m, "checked the shop");
        var read = await GetDecisionAsync(world, id);

        Assert.Equal(ReviewStatus.NoteRequired, noNote.Status);
        Assert.Equal(ReviewStatus.Recorded, escalated.Status);
        Assert.Equal(ReviewStatus.AlreadyEscalated, again.Status);
        Assert.Equal(ReviewStatus.EscalatedToSupervisors, officerApproves.Status);
        Assert.Empty(officersQueue.Rows);
        Assert.Equal([(id, "chen", "GMV fell 10% in a quarter")], supervisorsQueue.Rows.Select(r => (r.DecisionId, r.EscalatedBy, r.EscalationNote)));
        Assert.Equal((0L, 1L), (supervisorsQueue.Counts.Officers, supervisorsQueue.Counts.Supervisors));
        Assert.Equal(ReviewStatus.Recorded, approved.Status);
        Assert.Equal(2, approved.Case!.Version);
        Assert.Equal(("approved", 700m), ((string)read["finalOutcome"]!, (decimal)read["review"]!["approvedAmount"]!));
        Assert.Equal(["escalate", "approve"], read["reviewHistory"]!.AsArray().Select(a => (string)a!["action"]!));
        Assert.Equal(
            ["review.escalate", "review.approve"],
            await connection.QueryAsync<string>("SELECT action FROM audit_events WHERE subject = @id AND action LIKE 'review.%' ORDER BY at", new { id }));
    }

    [Theory, Engines]
    public async Task An_officer_approves_up_to_the_roles_limit_and_is_told_to_escalate_above_it(DatabaseEngine engine)
    {
        await using var world = await ApiWorld.CreateAsync(engine);
        var id = await ReferAsync(world);
        var lowLimit = Chen with { ApprovalLimit = new Money(500m) };

        var above = await ActAsync(world, lowLimit, id, 0, ReviewActions.Approve, 600m);
        var zero = await ActAsync(world, lowLimit, id, 0, ReviewActions.Approve, 0m);
        var fractions = await ActAsync(world, lowLimit, id, 0, ReviewActions.Approve, 100.001m);
        var declineWithoutReason = await ActAsync(world, lowLimit, id, 0, ReviewActions.Decline, note: "");
        var atLimit = await ActAsync(world, lowLimit, id, 0, ReviewActions.Approve, 500m);

        Assert.Equal(ReviewStatus.AboveApprovalLimit, above.Status);
        Assert.Equal("600.00 CNY is above your approval limit of 500.00 CNY: escalate the case to a supervisor.", above.Message);
        Assert.Equal(ReviewStatus.AmountRequired, zero.Status);
        Assert.Equal(ReviewStatus.AmountRequired, fractions.Status);
        Assert.Equal(ReviewStatus.NoteRequired, declineWithoutReason.Status);
        Assert.Equal("Give the reason for the decline.", declineWithoutReason.Message);
        Assert.Equal(ReviewStatus.Recorded, atLimit.Status);
        Assert.Equal(1, await world.CountAsync("review_actions"));
    }

    [Theory, Engines]
    public async Task A_supervisor_overrides_any_decision_with_a_note_and_the_final_outcome_follows_the_latest_override(DatabaseEngine engine)
    {
        await using var world = await ApiWorld.CreateAsync(engine);
        var automated = await DecideAsync(world, ApiWorld.Good);
        var policyDecline = await DecideAsync(world, ApiWorld.Poor);

        var byOfficer = await ActAsync(world, Chen, automated, 0, ReviewActions.Override, note: "no", outcome: "declined");
        var noNote = await ActAsync(world, LiWei, automated, 0, ReviewActions.Override, outcome: "declined");
        var declined = await ActAsync(world, LiWei, automated, 0, ReviewActions.Override, note: "the shop was sold", outcome: "declined");
        var refusedLoan = await world.PostAsync("/v1/loans", new { decisionId = automated });
        var readDeclined = await GetDecisionAsync(world, automated);
        world.Clock.Advance(TimeSpan.FromMinutes(5));
        var reapproved = await ActAsync(world, LiWei, automated, 1, ReviewActions.Override, 500m, "the sale fell through", "approved");
        var readApproved = await GetDecisionAsync(world, automated);
        var loan = await world.PostAsync("/v1/loans", new { decisionId = automated });
        var afterLoan = await ActAsync(world, LiWei, automated, 2, ReviewActions.Override, note: "too late", outcome: "declined");
        var approveDecline = await ActAsync(world, LiWei, policyDecline, 0, ReviewActions.Override, 100m, "be nice", "approved");
        var confirmDecline = await ActAsync(world, LiWei, policyDecline, 0, ReviewActions.Override, note: "confirmed", outcome: "declined");

        Assert.Equal(ReviewStatus.NotAllowed, byOfficer.Status);
        Assert.Equal(ReviewStatus.NoteRequired, noNote.Status);
        Assert.Equal(ReviewStatus.Recorded, declined.Status);
        Assert.Equal("Overridden: declined.", declined.Message);
        Assert.Equal(HttpStatusCode.Conflict, refusedLoan.StatusCode);
        Assert.Contains("declined by a supervisor's override", (string?)(await ApiWorld.JsonAsync(refusedLoan))["detail"], StringComparison.Ordinal);
        Assert.Equal(("approved", "declined", "override"), ((string)readDeclined["outcome"]!, (string)readDeclined["finalOutcome"]!, (string)readDeclined["review"]!["source"]!));
        Assert.Equal(ReviewStatus.Recorded, reapproved.Status);
        Assert.Equal(("approved", 500m), ((string)readApproved["finalOutcome"]!, (decimal)readApproved["review"]!["approvedAmount"]!));
        Assert.Equal(["declined", "approved"], readApproved["reviewHistory"]!.AsArray().Select(a => (string)a!["outcome"]!));
        Assert.Equal(HttpStatusCode.Created, loan.StatusCode);
        Assert.Equal(500m, (decimal)(await ApiWorld.JsonAsync(loan))["principal"]!);
        Assert.Equal(ReviewStatus.DrawnDown, afterLoan.Status);
        Assert.Equal(ReviewStatus.NothingToApprove, approveDecline.Status);
        Assert.Equal(ReviewStatus.Recorded, confirmDecline.Status);
        Assert.Equal(3, await world.CountAsync("audit_events WHERE action = 'review.override' AND actor = 'li.wei'"));
        Assert.Equal(2, await world.CountAsync($"review_actions WHERE decision_id = '{automated}'"));
    }

    [Theory, Engines]
    public async Task When_two_officers_act_on_one_case_at_once_one_wins_and_the_other_is_told_who_acted(DatabaseEngine engine)
    {
        await using var world = await ApiWorld.CreateAsync(engine);
        var id = await ReferAsync(world);
        var now = world.Clock.GetUtcNow();

        // Chen's approval is written but not committed when Wang's decline, from the same page
        // version, starts: on PostgreSQL Wang's insert of version 1 waits on Chen's row, on SQLite
        // Wang's transaction waits for the write lock. Chen commits; Wang's action changes nothing.
        await using var chenConnection = await world.Database.Database.OpenAsync();
        await using var chenTransaction = await chenConnection.BeginTransactionAsync();
        var chen = await Reviews.ActAsync(chenConnection, chenTransaction, new ReviewCommand(id, 0, ReviewActions.Approve, null, new Money(600m), null), Chen, now, CancellationToken.None);
        var wang = Task.Run(async () =>
        {
            await using var connection = await world.Database.Database.OpenAsync();
            await using var transaction = await connection.BeginTransactionAsync();
            var result = await Reviews.ActAsync(connection, transaction, new ReviewCommand(id, 0, ReviewActions.Decline, null, null, "refunds too high"), Wang, now, CancellationToken.None);
            if (result.Recorded)
            {
                await transaction.CommitAsync();
            }

            return result;
        });
        if (engine == DatabaseEngine.Postgres)
        {
            await WaitForLockWaitAsync(world.Database.Database);
        }

        await chenTransaction.CommitAsync();
        var lost = await wang;

        Assert.Equal(ReviewStatus.Recorded, chen.Status);
        Assert.Equal(ReviewStatus.Stale, lost.Status);
        Assert.Equal("Nothing changed: this case was already approved by chen at 10:00 UTC on 2026-11-02. The page now shows the case as it is.", lost.Message);
        Assert.Equal(1, await world.CountAsync("review_actions"));
        Assert.Equal(1, await world.CountAsync("decision_reviews WHERE outcome = 'approved' AND officer = 'chen'"));
        Assert.Equal(1, await world.CountAsync("audit_events WHERE action LIKE 'review.%'"));
    }

    [Theory, Engines]
    public async Task Of_two_simultaneous_actions_from_the_same_version_exactly_one_is_recorded(DatabaseEngine engine)
    {
        await using var world = await ApiWorld.CreateAsync(engine);
        var id = await ReferAsync(world);

        var results = await Task.WhenAll(
            Task.Run(() => ActAsync(world, Chen, id, 0, ReviewActions.Approve, 600m)),
            Task.Run(() => ActAsync(world, Wang, id, 0, ReviewActions.Decline, note: "refunds too high")));

        // The loser is told either way: Stale when both read the open case, AlreadyDecided when it
        // started only after the winner had committed (the scheduler decides which).
        Assert.Single(results, r => r.Status == ReviewStatus.Recorded);
        Assert.Single(results, r => r.Status is ReviewStatus.Stale or ReviewStatus.AlreadyDecided);
        Assert.Equal(1, await world.CountAsync("review_actions"));
        Assert.Equal(1, await world.CountAsync("decision_reviews"));
        Assert.Equal(1, await world.CountAsync("audit_events WHERE action LIKE 'review.%'"));
    }

    /// <summary>Until another session of the test's server waits on a row lock (the losing insert), polled, bounded at 30 s.</summary>
    private static async Task WaitForLockWaitAsync(Database database)
    {
        await using var connection = await database.OpenAsync();
        for (var i = 0; i < 300; i++)
        {
            if (await connection.ExecuteScalarAsync<long>("SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND query LIKE '%INSERT INTO review_actions%'") > 0)
            {
                return;
            }

            await Task.Delay(100);
        }

        throw new TimeoutException("The second action never waited on the first one's row.");
    }
}
