using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Microcredit.Underwriting.Tests.Webhooks;

/// <summary>
/// A merchant app's webhook endpoint on a real loopback port (Kestrel): it records every request
/// it gets and answers with the next status of its script (200 once the script runs out).
/// </summary>
public sealed class WebhookReceiver : IAsyncDisposable
{
    private readonly WebApplication app;
    private readonly ConcurrentQueue<int> script;
    private readonly ConcurrentQueue<ReceivedWebhook> received = new();
    private readonly SemaphoreSlim arrivals = new(0);
    private int taken;

    private WebhookReceiver(WebApplication app, ConcurrentQueue<int> script)
    {
        this.app = app;
        this.script = script;
    }

    /// <summary>Where to POST: http://127.0.0.1:PORT/hooks/credit.</summary>
    public string Url { get; private set; } = "";

    public IReadOnlyList<ReceivedWebhook> Requests => [.. received];

    public static async Task<WebhookReceiver> StartAsync(params int[] statuses)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var receiver = new WebhookReceiver(app, new ConcurrentQueue<int>(statuses));
        app.MapPost("/hooks/credit", async (HttpContext http) =>
        {
            using var body = new MemoryStream();
            await http.Request.Body.CopyToAsync(body);
            var headers = http.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase);
            receiver.received.Enqueue(new ReceivedWebhook(headers, body.ToArray()));
            receiver.arrivals.Release();
            return Results.StatusCode(receiver.script.TryDequeue(out var status) ? status : StatusCodes.Status200OK);
        });
        await app.StartAsync();
        receiver.Url = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First() + "/hooks/credit";
        return receiver;
    }

    /// <summary>Waits for the next request not yet taken (the delivery worker runs on its own schedule); fails after a generous bound rather than hang.</summary>
    public async Task<ReceivedWebhook> NextAsync()
    {
        if (!await arrivals.WaitAsync(TimeSpan.FromSeconds(60)))
        {
            throw new TimeoutException("No webhook arrived within 60 s.");
        }

        return Requests[taken++];
    }

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
        arrivals.Dispose();
    }
}

public sealed record ReceivedWebhook(IReadOnlyDictionary<string, string> Headers, byte[] Body)
{
    public string Text => System.Text.Encoding.UTF8.GetString(Body);
}
