using System.Net;
using Microcredit.Scoring.Storage;
using Microcredit.Tests;
using Microcredit.Underwriting.Decisions;

namespace Microcredit.Underwriting.Tests.Api;

public class IdempotencyAndReplayTests
{
    private const string Path = "/v1/credit-loans/decisions";

    [Theory, Engines]
    public async Task The_same_key_and_body_return_the_first_response_and_another_body_is_422(DatabaseEngine engine)
    {
        await using var world = await ApiWorld.CreateAsync(engine);
        var body = new { merchantId = ApiWorld.Good, requestedAmount = 1500m, termMonths = 6 };

        var first = await world.PostAsync(Path, body, "retry-1");
        world.Clock.Advance(TimeSpan.FromMinutes(5));
        var second = await world.PostAsync(Path, body, "retry-1");
        var other = await world.PostAsync(Path, new { merchantId = ApiWorld.Good, requestedAmount = 1600m, termMonths = 6 }, "retry-1");

        Assert.Equal(HttpStatusCode.Created, second.StatusCode);
        Assert.Equal(await first.Content.ReadAsStringAsync(), await second.Content.ReadAsStringAsync());
        Assert.Equal("true", second.Headers.GetValues("Idempotent-Replayed").Single());
        Assert.Equal(HttpStatusCode.UnprocessableEntity, other.StatusCode);
        Assert.Equal("Idempotency-Key", (string?)(await ApiWorld.JsonAsync(other))["field"]);
        Assert.Equal(1, await world.CountAsync("decisions"));
    }

    [Theory, Engines]
    public async Task Concurrent_retries_with_one_key_make_one_decision(DatabaseEngine engine)
    {
        await using var world = await ApiWorld.CreateAsync(engine);
        var body = new { merchantId = ApiWorld.Good, requestedAmount = 1500m, termMonths = 6 };

        var responses = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => world.PostAsync(Path, body, "burst")));

        var texts = await Task.WhenAll(responses.Select(r => r.Content.ReadAsStringAsync()));
        Assert.All(responses, r => Assert.Equal(HttpStatusCode.Created, r.StatusCode));
        Assert.Single(texts.Distinct());
        Assert.Equal(1, await world.CountAsync("decisions"));
    }

    [Theory, Engines]
    public async Task A_decision_reads_back_with_its_final_outcome_and_replays_identically(DatabaseEngine engine)
    {
        await using var world = await ApiWorld.CreateAsync(engine);
        var ids = new List<string>();
        foreach (var merchant in new[] { ApiWorld.Good, ApiWorld.Middling, ApiWorld.Poor, ApiWorld.NoSnapshot, ApiWorld.Late })
        {
            var created = await ApiWorld.JsonAsync(await world.PostAsync(Path, new { merchantId = merchant, requestedAmount = 2500m, termMonths = 12 }));
            ids.Add((string)created["decisionId"]!);
        }

        var read = await world.Client.GetAsync(new Uri($"/v1/decisions/{ids[1]}", UriKind.Relative));
        var body = await ApiWorld.JsonAsync(read);
        Assert.Equal(HttpStatusCode.OK, read.StatusCode);
        Assert.Equal("review", (string?)body["outcome"]);
        Assert.Equal("review", (string?)body["finalOutcome"]);
        Assert.Null(body["review"]);
        Assert.Equal(HttpStatusCode.NotFound, (await world.Client.GetAsync(new Uri("/v1/decisions/dec_NONE", UriKind.Relative))).StatusCode);

        foreach (var id in ids)
        {
            var replay = await DecisionReplay.ReplayAsync(world.Database.Database, id, CancellationToken.None);
            Assert.True(replay.Identical, $"{id}:\n{replay.Stored}\n{replay.Recomputed}");
        }
    }
}
