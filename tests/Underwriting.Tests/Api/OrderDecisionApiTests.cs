using System.Net;
using System.Text.Json.Nodes;
using Microcredit.Scoring.Storage;
using Microcredit.Tests;
using Microcredit.Underwriting.Decisions;

namespace Microcredit.Underwriting.Tests.Api;

public class OrderDecisionApiTests
{
    private const string Path = "/v1/order-loans/decisions";

    private static readonly string[] Pledged = ["O_PLEDGED"];
    private static readonly string[] FirstPending = ["O_PENDING_1"];
    private static readonly string[] Repeated = ["O_PENDING_1", "O_PENDING_1"];
    private static readonly string[] Mixed = ["O_PENDING_1", "O_OLD", "O_NOPE"];

    [Theory, Engines]
    public async Task Each_order_is_eligible_with_its_own_rate_or_carries_the_reason_it_is_not(DatabaseEngine engine)
    {
        await using var world = await ApiWorld.CreateAsync(engine);
        string[] ids = ["O_PENDING_1", "O_PENDING_2", "O_SETTLED", "O_REFUNDED", "O_DISPUTED", "O_OLD", "O_UNSHIPPED", "O_MID", "O_NOPE"];

        var response = await world.PostAsync(Path, new { merchantId = ApiWorld.Good, orderIds = ids });

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var body = await ApiWorld.JsonAsync(response);
        var orders = body["orders"]!.AsArray().ToDictionary(o => (string)o!["orderId"]!, o => o!.AsObject());
        Assert.Equal(ids.Order(), orders.Keys.Order());
        Assert.Equal("SETTLED", (string?)orders["O_SETTLED"]["reason"]);
        Assert.Equal("REFUNDED", (string?)orders["O_REFUNDED"]["reason"]);
        Assert.Equal("DISPUTED", (string?)orders["O_DISPUTED"]["reason"]);
        Assert.Equal("SHIPPED_OVER_30_DAYS_AGO", (string?)orders["O_OLD"]["reason"]);
        Assert.Equal("NOT_SHIPPED", (string?)orders["O_UNSHIPPED"]["reason"]);
        Assert.Equal("NOT_MERCHANTS_ORDER", (string?)orders["O_MID"]["reason"]);
        Assert.Equal("UNKNOWN_ORDER", (string?)orders["O_NOPE"]["reason"]);

        var total = 0m;
        foreach (var id in new[] { "O_PENDING_1", "O_PENDING_2" })
        {
            var line = orders[id];
            Assert.True((bool)line["eligible"]!, line.ToJsonString());
            var p = (double)line["settleProbability"]!;
            Assert.InRange(p, 0.80, 1.0);
            // Grade A advances 0.9 × P(settle), down to 0.0001; the advance is amount × rate down to the cent.
            var rate = decimal.Floor(0.9m * (decimal)p / 0.0001m) * 0.0001m;
            Assert.Equal(rate, (decimal)line["advanceRate"]!);
            var amount = (decimal)line["orderAmount"]!;
            Assert.Equal(decimal.Floor(amount * rate * 100m) / 100m, (decimal)line["advanceAmount"]!);
            total += (decimal)line["advanceAmount"]!;
        }

        Assert.Equal(350.50m, (decimal)orders["O_PENDING_2"]["orderAmount"]!);
        Assert.Equal("approved", (string?)body["outcome"]);
        Assert.Equal(total, (decimal)body["totalAdvance"]!);
        Assert.Equal(0.0005m, (decimal)body["dailyRate"]!);
        Assert.Equal(30, (int)body["termDays"]!);
        Assert.Equal(decimal.Round(total * 0.0005m * 30m, 2, MidpointRounding.AwayFromZero), (decimal)body["expectedInterest"]!);
        Assert.Equal(2, await world.CountAsync("decision_orders WHERE eligible = 1"));
        Assert.Equal(ids.Length, await world.CountAsync("decision_orders"));
    }

    [Theory, Engines]
    public async Task Without_order_ids_every_eligible_order_is_advanced(DatabaseEngine engine)
    {
        await using var world = await ApiWorld.CreateAsync(engine);

        var body = await ApiWorld.JsonAsync(await world.PostAsync(Path, new { merchantId = ApiWorld.Good }));

        Assert.Equal(["O_PENDING_1", "O_PENDING_2"], body["orders"]!.AsArray().Select(o => (string)o!["orderId"]!));
    }

    [Theory, Engines]
    public async Task Pledged_orders_low_settlement_probability_exposure_and_merchant_rules_decline(DatabaseEngine engine)
    {
        await using var world = await ApiWorld.CreateAsync(engine);

        var pledged = await ApiWorld.JsonAsync(await world.PostAsync(Path, new { merchantId = ApiWorld.Pledger, orderIds = Pledged }));
        var indebted = await ApiWorld.JsonAsync(await world.PostAsync(Path, new { merchantId = ApiWorld.Indebted }));
        var blocked = await ApiWorld.JsonAsync(await world.PostAsync(Path, new { merchantId = ApiWorld.Blocked }));
        var poor = await ApiWorld.JsonAsync(await world.PostAsync(Path, new { merchantId = ApiWorld.Poor }));

        Assert.Equal("declined", (string?)pledged["outcome"]);
        Assert.Equal("ALREADY_PLEDGED", (string?)pledged["orders"]![0]!["reason"]);
        Assert.Equal("NO_ELIGIBLE_ORDERS", (string?)pledged["reasons"]![0]!["code"]);
        // M_OWES owes 59,800.00 of the 60,000.00 cap: room for the first advance (about 128) only.
        var lines = indebted["orders"]!.AsArray();
        Assert.Equal("approved", (string?)indebted["outcome"]);
        Assert.Single(lines);
        Assert.Equal("O_OWES_1", (string?)lines[0]!["orderId"]);
        Assert.True((decimal)indebted["totalAdvance"]! <= 200m);
        Assert.Equal("declined", (string?)blocked["outcome"]);
        Assert.Contains(blocked["reasons"]!.AsArray(), r => (string?)r!["code"] == "BLOCKLISTED");
        Assert.Equal("declined", (string?)poor["outcome"]);
        Assert.Equal(0m, (decimal)poor["totalAdvance"]!);
    }

    [Theory, Engines]
    public async Task An_order_below_the_minimum_settlement_probability_is_ineligible(DatabaseEngine engine)
    {
        await using var world = await ApiWorld.CreateAsync(engine, editPolicy: policy => policy["orderLoans"]!["minSettleProbability"] = 0.9999m);

        var body = await ApiWorld.JsonAsync(await world.PostAsync(Path, new { merchantId = ApiWorld.Good, orderIds = FirstPending }));

        Assert.Equal("declined", (string?)body["outcome"]);
        Assert.Equal("LOW_SETTLEMENT_PROBABILITY", (string?)body["orders"]![0]!["reason"]);
    }

    [Theory, Engines]
    public async Task Order_decisions_validate_their_ids_and_replay_identically(DatabaseEngine engine)
    {
        await using var world = await ApiWorld.CreateAsync(engine);

        var empty = await world.PostAsync(Path, new { merchantId = ApiWorld.Good, orderIds = Array.Empty<string>() });
        var repeated = await world.PostAsync(Path, new { merchantId = ApiWorld.Good, orderIds = Repeated });
        var blank = await world.PostAsync(Path, "{\"merchantId\": \"M_GOOD\", \"orderIds\": [\"O_PENDING_1\", \"\"]}");
        var numbers = await world.PostAsync(Path, "{\"merchantId\": \"M_GOOD\", \"orderIds\": [1]}");
        Assert.Equal("orderIds", (string?)(await ApiWorld.JsonAsync(empty))["field"]);
        Assert.Equal("orderIds[1]", (string?)(await ApiWorld.JsonAsync(repeated))["field"]);
        Assert.Equal("orderIds[1]", (string?)(await ApiWorld.JsonAsync(blank))["field"]);
        Assert.Equal(HttpStatusCode.BadRequest, numbers.StatusCode);
        Assert.Equal("orderIds[0]", (string?)(await ApiWorld.JsonAsync(numbers))["field"]);

        var ids = new List<string>();
        foreach (var body in new object[] { new { merchantId = ApiWorld.Good }, new { merchantId = ApiWorld.Good, orderIds = Mixed }, new { merchantId = ApiWorld.Poor } })
        {
            ids.Add((string)(await ApiWorld.JsonAsync(await world.PostAsync(Path, body)))["decisionId"]!);
        }

        foreach (var id in ids)
        {
            var replay = await DecisionReplay.ReplayAsync(world.Database.Database, id, CancellationToken.None);
            Assert.True(replay.Identical, $"{id}:\n{replay.Stored}\n{replay.Recomputed}");
        }
    }
}
