using Microsoft.Extensions.Options;

namespace Microcredit.Underwriting.Webhooks;

/// <summary>
/// The delivery worker in each instance of the service: polls the outbox and sends what is due.
/// A failed poll (the database away) is logged and tried again at the next interval; it never
/// stops the service.
/// </summary>
public sealed class WebhookWorker(WebhookSender sender, TimeProvider time, IOptions<WebhookOptions> options, ILogger<WebhookWorker> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var settings = options.Value;
        if (!settings.Enabled)
        {
            return;
        }

        while (!stoppingToken.IsCancellationRequested)
        {
            var attempted = 0;
            try
            {
                attempted = await sender.RunOnceAsync(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
#pragma warning disable CA1031 // The worker outlives any one failure; the next poll tries again.
            catch (Exception ex)
#pragma warning restore CA1031
            {
                logger.LogError(ex, "Webhook delivery poll failed; trying again in {Interval}.", settings.PollInterval);
            }

            // A full batch means more may be due: go again at once.
            if (attempted < settings.BatchSize)
            {
                try
                {
                    await Task.Delay(settings.PollInterval, time, stoppingToken);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }
    }
}
