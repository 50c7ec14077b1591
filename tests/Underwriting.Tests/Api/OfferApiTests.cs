using System.Net;
using Microcredit.Scoring.Storage;
using Microcredit.Tests;
using Microcredit.Underwriting.Offers;

namespace Microcredit.Underwriting.Tests.Api;

public class OfferApiTests
{
    [Theory, Engines]
    public async Task A_refresh_stores_every_merchants_offer_and_the_API_serves_it(DatabaseEngine engine)
    {
        await using var world = await ApiWorld.CreateAsync(engine);
        var before = await world.Client.GetAsync(new Uri($"/v1/merchants/{ApiWorld.Good}/offer", UriKind.Relative));

        var result = await OfferRefresh.RunAsync(world.Database.Database, world.Policy, ApiWorld.Start, CancellationToken.None);

        Assert.Equal(HttpStatusCode.NotFound, before.StatusCode);
        Assert.Equal(12, result.Offers);
        // Approve: M_GOOD and the two with its row and (almost) no debt, M_OTHER and M_PLEDGER; review: M_MID; the other 8 decline.
        Assert.Equal(3, result.Approve);
        Assert.Equal(1, result.Review);
        Assert.Equal(8, result.Decline);
        var offer = await ApiWorld.JsonAsync(await world.Client.GetAsync(new Uri($"/v1/merchants/{ApiWorld.Good}/offer", UriKind.Relative)));
        var decision = await ApiWorld.JsonAsync(await world.PostAsync("/v1/credit-loans/decisions", new { merchantId = ApiWorld.Good, requestedAmount = 1000m, termMonths = 6 }));
        Assert.Equal("approve", (string?)offer["action"]);
        // The same facts, model, policy and instant: the offer's line is the decision's limit.
        Assert.Equal((decimal)decision["creditLimit"]!, (decimal)offer["creditLimit"]!);
        Assert.Equal(0.9m, (decimal)offer["orderAdvanceRate"]!);
        Assert.True((bool)offer["valid"]!);
        Assert.Equal(ApiWorld.Start.AddDays(7), (DateTimeOffset)offer["validUntil"]!);
        var none = await ApiWorld.JsonAsync(await world.Client.GetAsync(new Uri($"/v1/merchants/{ApiWorld.NoSnapshot}/offer", UriKind.Relative)));
        Assert.Equal("decline", (string?)none["action"]);
        Assert.Equal("NO_RECENT_DATA", (string?)none["reasons"]![0]!["code"]);
        Assert.Equal(HttpStatusCode.Forbidden, (await world.Client.GetAsync(new Uri($"/v1/merchants/{ApiWorld.Stranger}/offer", UriKind.Relative))).StatusCode);
    }
}

public class FrozenLineTests
{
    [Theory, Engines]
    public async Task A_frozen_line_declines_new_credit_and_the_decision_replays(DatabaseEngine engine)
    {
        await using var world = await ApiWorld.CreateAsync(engine);
        await OfferRefresh.RunAsync(world.Database.Database, world.Policy, ApiWorld.Start, CancellationToken.None);
        await using (var connection = await world.Database.Database.OpenAsync())
        {
            Assert.True(await OfferStore.FreezeAsync(connection, null, ApiWorld.Good, "30-day GMV fell below half the prior average", ApiWorld.Start));
        }

        var body = await ApiWorld.JsonAsync(await world.PostAsync("/v1/credit-loans/decisions", new { merchantId = ApiWorld.Good, requestedAmount = 1000m, termMonths = 6 }));
        var offer = await ApiWorld.JsonAsync(await world.Client.GetAsync(new Uri($"/v1/merchants/{ApiWorld.Good}/offer", UriKind.Relative)));

        Assert.Equal("declined", (string?)body["outcome"]);
        Assert.Equal("LINE_FROZEN", (string?)body["reasons"]![0]!["code"]);
        Assert.Equal(0m, (decimal)body["approvedAmount"]!);
        Assert.Equal("frozen", (string?)offer["action"]);
        Assert.Equal(0m, (decimal)offer["creditLimit"]!);
        var replay = await Decisions.DecisionReplay.ReplayAsync(world.Database.Database, (string)body["decisionId"]!, CancellationToken.None);
        Assert.True(replay.Identical, replay.Recomputed);
    }
}
