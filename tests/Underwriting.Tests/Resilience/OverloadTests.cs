using System.Net;
using Microcredit.Scoring.Storage;
using Microcredit.Tests;
using Microcredit.Underwriting.Auth;
using Microcredit.Underwriting.Decisions;
using Microcredit.Underwriting.Tests.Api;
using Microsoft.AspNetCore.Hosting;

namespace Microcredit.Underwriting.Tests.Resilience;

public class OverloadTests
{
    [Theory, Engines]
    public async Task Beyond_the_concurrency_and_queue_limits_a_request_gets_503_with_retry_after_at_once(DatabaseEngine engine)
    {
        await using var world = await ApiWorld.CreateAsync(engine);
        await using var service = new ApiFactory(world.Database, world.Clock, builder => builder
            .UseSetting(RunningPolicy.ConfigurationKey, world.PolicyPath)
            .UseSetting("Overload:MaxConcurrentRequests", "1")
            .UseSetting("Overload:QueueLimit", "0")
            .UseSetting("Overload:RetryAfter", "00:00:02"));
        using var client = service.CreateClient();
        client.DefaultRequestHeaders.Add(ApiKeyAuthentication.Header, world.Key);
        var path = new Uri("/v1/decisions/dec_NONE", UriKind.Relative);

        Task<HttpResponseMessage> first, second;
        HttpResponseMessage refused;
        await using (await WriteLock.HoldAsync(world.Database))
        {
            // One of the two takes the only permit and waits for the lock; the other finds no
            // permit and no room to queue, so it is the one that comes back while the lock is held.
            first = client.GetAsync(path);
            second = client.GetAsync(path);
            var done = await Task.WhenAny(first, second);
            refused = await done;
            (first, second) = done == first ? (first, second) : (second, first);
        }

        var admitted = await second;
        var afterwards = await client.GetAsync(path);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, refused.StatusCode);
        Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
        Assert.Equal("2", refused.Headers.RetryAfter?.ToString());
        Assert.EndsWith("#overloaded", (string?)(await ApiWorld.JsonAsync(refused))["type"], StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, admitted.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, afterwards.StatusCode);
    }

    [Fact]
    public async Task Health_is_not_limited()
    {
        await using var world = await ApiWorld.CreateAsync(DatabaseEngine.Sqlite);
        await using var service = new ApiFactory(world.Database, world.Clock, builder => builder
            .UseSetting(RunningPolicy.ConfigurationKey, world.PolicyPath)
            .UseSetting("Overload:MaxConcurrentRequests", "1")
            .UseSetting("Overload:QueueLimit", "0"));
        using var client = service.CreateClient();
        client.DefaultRequestHeaders.Add(ApiKeyAuthentication.Header, world.Key);

        HttpResponseMessage health;
        Task<HttpResponseMessage> held;
        await using (await WriteLock.HoldAsync(world.Database))
        {
            held = client.GetAsync(new Uri("/v1/decisions/dec_NONE", UriKind.Relative));
            health = await client.GetAsync(new Uri("/health", UriKind.Relative));
        }

        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await held).StatusCode);
    }
}
