using System.Net;
using Microcredit.Scoring.Storage;
using Microcredit.Tests;
using Microcredit.Underwriting.Auth;
using Microcredit.Underwriting.Decisions;
using Microsoft.AspNetCore.Hosting;

namespace Microcredit.Underwriting.Tests.Api;

public class RateLimitTests
{
    [Theory, Engines]
    public async Task Two_instances_on_one_database_share_a_keys_limit(DatabaseEngine engine)
    {
        await using var world = await ApiWorld.CreateAsync(engine, requestsPerMinute: 3);
        await using var other = new ApiFactory(world.Database, world.Clock, builder => builder.UseSetting(RunningPolicy.ConfigurationKey, world.PolicyPath));
        using var second = other.CreateClient();
        second.DefaultRequestHeaders.Add(ApiKeyAuthentication.Header, world.Key);
        var body = new { merchantId = ApiWorld.Good, requestedAmount = 1000m, termMonths = 6 };

        // Instance A counts 2, instance B 1 (3 of 3); A's next request is the key's 4th this minute,
        // whatever A last saw.
        var a1 = await world.PostAsync("/v1/credit-loans/decisions", body);
        var a2 = await world.PostAsync("/v1/credit-loans/decisions", body);
        var b1 = await world.PostAsync("/v1/credit-loans/decisions", body, client: second);
        var a3 = await world.PostAsync("/v1/credit-loans/decisions", body);

        Assert.Equal([HttpStatusCode.Created, HttpStatusCode.Created, HttpStatusCode.Created], new[] { a1.StatusCode, a2.StatusCode, b1.StatusCode });
        Assert.True(a3.StatusCode == HttpStatusCode.TooManyRequests, $"a3 {a3.StatusCode} {await a3.Content.ReadAsStringAsync()}");
        Assert.NotNull(a3.Headers.RetryAfter);
        Assert.Equal(3, await world.CountAsync("decisions"));
    }

    [Theory, Engines]
    public async Task A_wrong_secret_counts_nothing_and_a_read_counts_one(DatabaseEngine engine)
    {
        await using var world = await ApiWorld.CreateAsync(engine, requestsPerMinute: 3);
        using var forged = world.Factory.CreateClient();
        forged.DefaultRequestHeaders.Add(ApiKeyAuthentication.Header, world.Key[..world.Key.IndexOf('.', StringComparison.Ordinal)] + ".WRONGSECRET");
        var body = new { merchantId = ApiWorld.Good, requestedAmount = 1000m, termMonths = 6 };

        for (var i = 0; i < 5; i++)
        {
            Assert.Equal(HttpStatusCode.Unauthorized, (await world.PostAsync("/v1/credit-loans/decisions", body, client: forged)).StatusCode);
        }

        var first = await world.PostAsync("/v1/credit-loans/decisions", body);
        var decisionId = (string)(await ApiWorld.JsonAsync(first))["decisionId"]!;
        var read = await world.Client.GetAsync(new Uri($"/v1/decisions/{decisionId}", UriKind.Relative));
        var second = await world.PostAsync("/v1/credit-loans/decisions", body);
        Assert.Equal(HttpStatusCode.Unauthorized, (await forged.GetAsync(new Uri($"/v1/decisions/{decisionId}", UriKind.Relative))).StatusCode);
        var fourth = await world.PostAsync("/v1/credit-loans/decisions", body);

        Assert.Equal([HttpStatusCode.Created, HttpStatusCode.OK, HttpStatusCode.Created], new[] { first.StatusCode, read.StatusCode, second.StatusCode });
        Assert.Equal(HttpStatusCode.TooManyRequests, fourth.StatusCode);
        Assert.Equal(2, await world.CountAsync("decisions"));
        await using var connection = await world.Database.Database.OpenAsync();
        Assert.Equal(4L, await Dapper.SqlMapper.ExecuteScalarAsync<long>(connection, "SELECT COALESCE(SUM(requests), 0) FROM rate_windows"));
    }

    [Theory, Engines]
    public async Task A_new_minute_counts_afresh_and_clears_the_old_window(DatabaseEngine engine)
    {
        await using var world = await ApiWorld.CreateAsync(engine, requestsPerMinute: 2);
        var body = new { merchantId = ApiWorld.Good, requestedAmount = 1000m, termMonths = 6 };
        var first = await world.PostAsync("/v1/credit-loans/decisions", body);
        var second = await world.PostAsync("/v1/credit-loans/decisions", body);
        var third = await world.PostAsync("/v1/credit-loans/decisions", body);

        world.Clock.Advance(TimeSpan.FromMinutes(1));
        var nextMinute = await world.PostAsync("/v1/credit-loans/decisions", body);

        Assert.Equal([HttpStatusCode.Created, HttpStatusCode.Created, HttpStatusCode.TooManyRequests, HttpStatusCode.Created], new[] { first.StatusCode, second.StatusCode, third.StatusCode, nextMinute.StatusCode });
        await using var connection = await world.Database.Database.OpenAsync();
        var windows = (await Dapper.SqlMapper.QueryAsync<(long Start, long Requests)>(connection, "SELECT window_start, requests FROM rate_windows")).ToList();
        var minute = Microcredit.Scoring.Storage.DbTime.ToDb(world.Clock.GetUtcNow());
        Assert.Equal([(minute - (minute % 60_000), 1L)], windows);
    }
}
