using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Dapper;
using Microcredit.Scoring.Storage;
using Microcredit.Tests;
using Microcredit.Underwriting.Reviewing;
using Microcredit.Underwriting.Tests.Api;
using Microcredit.Underwriting.Tests.Dashboard;
using Microcredit.Underwriting.Tests.Reviewing;
using Microcredit.Underwriting.Webhooks;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Microcredit.Underwriting.Tests.Webhooks;

public class WebhookDeliveryTests
{
    [Theory, Engines]
    public async Task An_approval_is_posted_once_to_the_keys_callback_signed_with_its_secret(DatabaseEngine engine)
    {
        await using var world = await ApiWorld.CreateAsync(engine, configure: WithoutWorker);
        await using var receiver = await WebhookReceiver.StartAsync();
        var secret = await SetCallbackAsync(world, receiver.Url);
        var id = await ReviewKit.ReferAsync(world);
        world.Clock.Advance(TimeSpan.FromMinutes(3));
        await ReviewKit.ActAsync(world, ReviewKit.Chen, id, 0, ReviewActions.Approve, 600m);
        using var sender = Sender(world);

        var attempted = await sender.Sender.RunOnceAsync(CancellationToken.None);
        var again = await sender.Sender.RunOnceAsync(CancellationToken.None);

        Assert.Equal((1, 0), (attempted, again));
        var hook = Assert.Single(receiver.Requests);
        var body = JsonNode.Parse(hook.Text)!.AsObject();
        var deliveryId = (string)body["deliveryId"]!;
        Assert.Equal(deliveryId, hook.Headers["Microcredit-Delivery"]);
        Assert.Equal("decision.outcome", hook.Headers["Microcredit-Event"]);
        Assert.Equal("1", hook.Headers["Microcredit-Attempt"]);
        Assert.StartsWith("application/json", hook.Headers["Content-Type"], StringComparison.Ordinal);
        // t is the attempt's instant: 10:03 UTC on 2026-11-02; v1 = HMAC-SHA256(secret, t + "." + body), computed here independently.
        var t = new DateTimeOffset(2026, 11, 2, 10, 3, 0, TimeSpan.Zero).ToUnixTimeSeconds();
        using var hmac = new HMACSHA256(Encoding.UTF8.GetBytes(secret));
        var expected = Convert.ToHexString(hmac.ComputeHash([.. Encoding.UTF8.GetBytes($"{t}."), .. hook.Body])).ToLowerInvariant();
        Assert.Equal($"t={t},v1={expected}", hook.Headers["Microcredit-Signature"]);
        Assert.Equal((id, ApiWorld.Middling, "credit", "review", "approved", 600m, "review", 1L), (
            (string)body["decisionId"]!, (string)body["merchantId"]!, (string)body["product"]!, (string)body["outcome"]!, (string)body["finalOutcome"]!,
            (decimal)body["approvedAmount"]!, (string)body["source"]!, (long)body["version"]!));
        Assert.Equal(new DateTimeOffset(2026, 11, 2, 10, 3, 0, TimeSpan.Zero), (DateTimeOffset)body["reviewedAt"]!);
        await using var connection = await world.Database.Database.OpenAsync();
        Assert.Equal(("delivered", 1L, 200L), await connection.QuerySingleAsync<(string, long, long)>(
            "SELECT status, attempts, last_status_code FROM webhook_deliveries WHERE delivery_id = @deliveryId", new { deliveryId }));
        Assert.DoesNotContain(secret, await connection.QuerySingleAsync<string>("SELECT callback_secret FROM api_keys"), StringComparison.Ordinal);
    }

    [Theory, Engines]
    public async Task A_receiver_failing_twice_gets_three_attempts_on_the_backoff_and_one_success(DatabaseEngine engine)
    {
        await using var world = await ApiWorld.CreateAsync(engine, configure: WithoutWorker);
        await using var receiver = await WebhookReceiver.StartAsync(500, 503);
        await SetCallbackAsync(world, receiver.Url);
        var id = await ReviewKit.ReferAsync(world);
        await ReviewKit.ActAsync(world, ReviewKit.Chen, id, 0, ReviewActions.Decline, note: "refunds too high");
        using var sender = Sender(world);
        await using var connection = await world.Database.Database.OpenAsync();

        var first = await sender.Sender.RunOnceAsync(CancellationToken.None);
        var afterFirst = await StateAsync(connection);
        var notDueYet = await sender.Sender.RunOnceAsync(CancellationToken.None);
        world.Clock.Advance(TimeSpan.FromSeconds(30));
        var second = await sender.Sender.RunOnceAsync(CancellationToken.None);
        var afterSecond = await StateAsync(connection);
        world.Clock.Advance(TimeSpan.FromSeconds(59));
        var stillWaiting = await sender.Sender.RunOnceAsync(CancellationToken.None);
        world.Clock.Advance(TimeSpan.FromSeconds(1));
        var third = await sender.Sender.RunOnceAsync(CancellationToken.None);
        var afterThird = await StateAsync(connection);

        var start = DbTime.ToDb(ApiWorld.Start);
        Assert.Equal((1, 0, 1, 0, 1), (first, notDueYet, second, stillWaiting, third));
        // Backoff 30 s after the first failure, 60 s after the second (FirstRetryDelay × 2^(n−1)).
        Assert.Equal(("pending", 1L, 500L, start + 30_000), afterFirst);
        Assert.Equal(("pending", 2L, 503L, start + 30_000 + 60_000), afterSecond);
        Assert.Equal(("delivered", 3L, 200L, start + 30_000 + 60_000), afterThird);
        Assert.Equal(["1", "2", "3"], receiver.Requests.Select(r => r.Headers["Microcredit-Attempt"]));
        Assert.Single(receiver.Requests.Select(r => r.Headers["Microcredit-Delivery"]).Distinct());
        Assert.All(receiver.Requests, r => Assert.Equal(receiver.Requests[0].Text, r.Text));
        Assert.Equal("declined", (string)JsonNode.Parse(receiver.Requests[0].Text)!["finalOutcome"]!);
    }

    [Theory, Engines]
    public async Task After_the_last_attempt_fails_the_delivery_is_failed_and_the_case_page_shows_it(DatabaseEngine engine)
    {
        await using var world = await ReviewPagesTests.CastAsync(engine, WithoutWorker);
        await using var receiver = await WebhookReceiver.StartAsync(500, 500);
        await SetCallbackAsync(world, receiver.Url);
        var id = await ReviewKit.ReferAsync(world);
        await ReviewKit.ActAsync(world, ReviewKit.Chen, id, 0, ReviewActions.Approve, 600m);
        using var sender = Sender(world, maxAttempts: 2);

        await sender.Sender.RunOnceAsync(CancellationToken.None);
        world.Clock.Advance(TimeSpan.FromSeconds(30));
        await sender.Sender.RunOnceAsync(CancellationToken.None);
        world.Clock.Advance(TimeSpan.FromHours(2));
        var afterFailure = await sender.Sender.RunOnceAsync(CancellationToken.None);
        using var session = DashboardSession.Open(world.Factory);
        await session.SignInAsync("chen", "twelve chars ok");
        var page = await (await session.GetAsync($"/reviews/{id}")).Content.ReadAsStringAsync();

        Assert.Equal(0, afterFailure);
        Assert.Equal(2, receiver.Requests.Count);
        Assert.Equal(1, await world.CountAsync("webhook_deliveries WHERE status = 'failed' AND attempts = 2 AND last_error = 'HTTP 500'"));
        Assert.Contains("<span class=\"badge delivery-failed\">failed</span>", page, StringComparison.Ordinal);
        Assert.Contains("HTTP 500", page, StringComparison.Ordinal);
    }

    [Theory, Engines]
    public async Task Two_instances_polling_together_deliver_a_due_webhook_once(DatabaseEngine engine)
    {
        await using var world = await ApiWorld.CreateAsync(engine, configure: WithoutWorker);
        await using var receiver = await WebhookReceiver.StartAsync();
        await SetCallbackAsync(world, receiver.Url);
        for (var i = 0; i < 5; i++)
        {
            var id = await ReviewKit.ReferAsync(world);
            await ReviewKit.ActAsync(world, ReviewKit.Chen, id, 0, ReviewActions.Approve, 100m);
        }

        using var one = Sender(world);
        using var other = Sender(world);

        var attempted = await Task.WhenAll(
            Task.Run(() => one.Sender.RunOnceAsync(CancellationToken.None)),
            Task.Run(() => other.Sender.RunOnceAsync(CancellationToken.None)));

        Assert.Equal(5, attempted.Sum());
        Assert.Equal(5, receiver.Requests.Count);
        Assert.Equal(5, receiver.Requests.Select(r => r.Headers["Microcredit-Delivery"]).Distinct().Count());
        Assert.Equal(5, await world.CountAsync("webhook_deliveries WHERE status = 'delivered' AND attempts = 1"));
    }

    [Theory, Engines]
    public async Task Only_final_outcomes_of_a_key_with_a_callback_are_enqueued_and_a_removed_callback_fails_the_pending_ones(DatabaseEngine engine)
    {
        await using var world = await ApiWorld.CreateAsync(engine, configure: WithoutWorker);
        var beforeCallback = await ReviewKit.ReferAsync(world);
        await ReviewKit.ActAsync(world, ReviewKit.Chen, beforeCallback, 0, ReviewActions.Approve, 600m);
        await using var receiver = await WebhookReceiver.StartAsync();
        await SetCallbackAsync(world, receiver.Url);
        var escalated = await ReviewKit.ReferAsync(world);
        await ReviewKit.ActAsync(world, ReviewKit.Chen, escalated, 0, ReviewActions.Escalate, note: "big");
        var overridden = await ReviewKit.DecideAsync(world, ApiWorld.Good);
        await ReviewKit.ActAsync(world, ReviewKit.LiWei, overridden, 0, ReviewActions.Override, note: "shop sold", outcome: "declined");
        var enqueued = await world.CountAsync("webhook_deliveries");
        await using (var connection = await world.Database.Database.OpenAsync())
        await using (var transaction = await connection.BeginTransactionAsync())
        {
            await ApiKeyCallbacks.ClearAsync(connection, transaction, KeyId(world), "test", world.Clock.GetUtcNow());
            await transaction.CommitAsync();
        }

        using var sender = Sender(world);
        await sender.Sender.RunOnceAsync(CancellationToken.None);

        Assert.Equal(1, enqueued);
        Assert.Equal(1, await world.CountAsync($"webhook_deliveries WHERE decision_id = '{overridden}' AND status = 'failed' AND attempts = 1"));
        Assert.Empty(receiver.Requests);
    }

    [Theory, Engines]
    public async Task The_services_own_worker_delivers_an_approval_made_on_the_dashboard(DatabaseEngine engine)
    {
        await using var world = await ReviewPagesTests.CastAsync(engine, WithoutWorker);
        await using var receiver = await WebhookReceiver.StartAsync();
        var secret = await SetCallbackAsync(world, receiver.Url);
        var id = await ReviewKit.ReferAsync(world);
        await using var service = new ApiFactory(world.Database, world.Clock, builder =>
        {
            builder.UseSetting(Decisions.RunningPolicy.ConfigurationKey, world.PolicyPath);
            builder.UseSetting("Webhooks:PollInterval", "00:00:00.100");
        });
        using var chen = DashboardSession.Open(service);
        await chen.SignInAsync("chen", "twelve chars ok");

        var approved = await chen.SubmitAsync($"/reviews/{id}", new() { ["Version"] = "0", ["Amount"] = "650.00" }, $"/reviews/{id}?handler=Approve");
        var hook = await receiver.NextAsync();

        Assert.Equal(HttpStatusCode.Redirect, approved.StatusCode);
        var body = JsonNode.Parse(hook.Text)!;
        Assert.Equal((id, "approved", 650m), ((string)body["decisionId"]!, (string)body["finalOutcome"]!, (decimal)body["approvedAmount"]!));
        var signature = hook.Headers["Microcredit-Signature"];
        var t = signature.Split(',')[0]["t=".Length..];
        using var hmac = new HMACSHA256(Encoding.UTF8.GetBytes(secret));
        Assert.Equal($"t={t},v1={Convert.ToHexString(hmac.ComputeHash([.. Encoding.UTF8.GetBytes(t + "."), .. hook.Body])).ToLowerInvariant()}", signature);
    }

    [Fact]
    public void The_retry_delay_doubles_from_the_first_delay_up_to_the_cap()
    {
        var options = new WebhookOptions { FirstRetryDelay = TimeSpan.FromSeconds(30), MaxRetryDelay = TimeSpan.FromMinutes(10) };

        Assert.Equal(
            [30, 60, 120, 240, 480, 600, 600],
            Enumerable.Range(1, 7).Select(n => (int)options.RetryDelay(n).TotalSeconds));
    }

    /// <summary>The world's own instance sends nothing: the test runs the sender itself, on the test clock.</summary>
    private static void WithoutWorker(IWebHostBuilder builder) => builder.UseSetting("Webhooks:Enabled", "false");

    /// <summary>Gives the world's key a callback to <paramref name="url"/>; returns the signing secret.</summary>
    internal static async Task<string> SetCallbackAsync(ApiWorld world, string url)
    {
        using var secrets = CallbackSecrets.ForDatabase(world.Database.Database, world.Clock);
        var prepared = secrets.Create();
        await using var connection = await world.Database.Database.OpenAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        var (found, secret) = await ApiKeyCallbacks.SetAsync(connection, transaction, KeyId(world), url, false, prepared, "test", world.Clock.GetUtcNow());
        await transaction.CommitAsync();
        Assert.True(found);
        return secret!;
    }

    private static string KeyId(ApiWorld world) => world.Key.Split('.')[0];

    private static Task<(string, long, long, long)> StateAsync(System.Data.Common.DbConnection connection) =>
        connection.QuerySingleAsync<(string, long, long, long)>("SELECT status, attempts, last_status_code, next_attempt_at FROM webhook_deliveries");

    /// <summary>A sender as another instance of the service would run it, on the world's database and clock.</summary>
    private static SenderHost Sender(ApiWorld world, int maxAttempts = 8)
    {
        var services = new ServiceCollection();
        services.AddHttpClient(WebhookSender.HttpClientName);
        var container = services.BuildServiceProvider();
        var secrets = CallbackSecrets.ForDatabase(world.Database.Database, world.Clock);
        var sender = new WebhookSender(
            world.Database.Database,
            world.Clock,
            container.GetRequiredService<IHttpClientFactory>(),
            secrets,
            Options.Create(new WebhookOptions { MaxAttempts = maxAttempts }),
            NullLogger<WebhookSender>.Instance);
        return new SenderHost(sender, container, secrets);
    }

    private sealed record SenderHost(WebhookSender Sender, ServiceProvider Container, CallbackSecrets Secrets) : IDisposable
    {
        public void Dispose()
        {
            Secrets.Dispose();
            Container.Dispose();
        }
    }
}
