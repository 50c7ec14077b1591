using Microcredit.Scoring.Money;
using Microcredit.Scoring.Storage;
using Microcredit.Tests;
using Microcredit.Underwriting.Reviewing;

namespace Microcredit.Underwriting.Tests.Api;

public class ReviewQueueTests
{
    [Theory, Engines]
    public async Task A_referred_decision_waits_in_the_queue_until_an_officer_decides_it(DatabaseEngine engine)
    {
        await using var world = await ApiWorld.CreateAsync(engine);
        var referred = await ApiWorld.JsonAsync(await world.PostAsync("/v1/credit-loans/decisions", new { merchantId = ApiWorld.Middling, requestedAmount = 800m, termMonths = 3 }));
        var approved = await ApiWorld.JsonAsync(await world.PostAsync("/v1/credit-loans/decisions", new { merchantId = ApiWorld.Good, requestedAmount = 800m, termMonths = 3 }));
        var id = (string)referred["decisionId"]!;
        await using var connection = await world.Database.Database.OpenAsync();

        var pending = await Reviews.PendingAsync(connection, 50, CancellationToken.None);
        ReviewResult tooMuch, decided, again, notReview;
        await using (var transaction = await connection.BeginTransactionAsync())
        {
            tooMuch = await Reviews.DecideAsync(connection, transaction, id, true, new Money(900m), "officer-1", "above the request", ApiWorld.Start, CancellationToken.None);
            decided = await Reviews.DecideAsync(connection, transaction, id, true, new Money(600m), "officer-1", "trimmed", ApiWorld.Start.AddHours(1), CancellationToken.None);
            again = await Reviews.DecideAsync(connection, transaction, id, false, null, "officer-2", "late", ApiWorld.Start.AddHours(2), CancellationToken.None);
            notReview = await Reviews.DecideAsync(connection, transaction, (string)approved["decisionId"]!, false, null, "officer-2", "", ApiWorld.Start, CancellationToken.None);
            await transaction.CommitAsync();
        }

        var after = await Reviews.PendingAsync(connection, 50, CancellationToken.None);
        var read = await ApiWorld.JsonAsync(await world.Client.GetAsync(new Uri($"/v1/decisions/{id}", UriKind.Relative)));

        Assert.Equal([id], pending.Select(p => p.DecisionId));
        Assert.Equal(80_000, pending[0].ApprovedAmount);
        Assert.Equal(ReviewResult.AmountOutOfRange, tooMuch);
        Assert.Equal(ReviewResult.Recorded, decided);
        Assert.Equal(ReviewResult.AlreadyReviewed, again);
        Assert.Equal(ReviewResult.NotUnderReview, notReview);
        Assert.Empty(after);
        Assert.Equal("review", (string?)read["outcome"]);
        Assert.Equal("approved", (string?)read["finalOutcome"]);
        Assert.Equal(600m, (decimal)read["review"]!["approvedAmount"]!);
        Assert.Equal(1, await world.CountAsync($"audit_events WHERE subject = '{id}' AND action = 'review.approve' AND actor = 'officer-1'"));
    }
}
