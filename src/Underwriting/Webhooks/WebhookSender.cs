using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using Dapper;
using Microcredit.Scoring.Storage;
using Microsoft.Extensions.Options;

namespace Microcredit.Underwriting.Webhooks;

/// <summary>
/// Sends what the outbox holds. Each instance has its own owner id; a delivery is claimed by a
/// conditional UPDATE (pending, due, not leased by a live claim), which only one instance can win,
/// then POSTed once per claim. A 2xx response delivers it; anything else (another status, a
/// network error, the timeout) schedules the next attempt on the backoff of
/// <see cref="WebhookOptions"/>, until the attempts run out and it is failed. A claim whose
/// instance died expires with its lease and the delivery is taken over; the receiver may then see
/// it twice, with the same Microcredit-Delivery id, and should ignore the repeat.
/// </summary>
public sealed class WebhookSender(Database database, TimeProvider time, IHttpClientFactory httpClients, CallbackSecrets secrets, IOptions<WebhookOptions> options, ILogger<WebhookSender> logger)
{
    public const string HttpClientName = "webhooks";

    public const string DeliveryHeader = "Microcredit-Delivery";

    public const string EventHeader = "Microcredit-Event";

    public const string AttemptHeader = "Microcredit-Attempt";

    private readonly string owner = Ids.New("whw_");

    /// <summary>Claims the due deliveries (at most a batch) and makes one attempt at each; returns how many it attempted.</summary>
    public async Task<int> RunOnceAsync(CancellationToken cancellationToken)
    {
        var claimed = await ClaimAsync(cancellationToken);
        foreach (var delivery in claimed)
        {
            await AttemptAsync(delivery, cancellationToken);
        }

        return claimed.Count;
    }

    private async Task<List<ClaimedDelivery>> ClaimAsync(CancellationToken cancellationToken)
    {
        var settings = options.Value;
        var now = DbTime.ToDb(time.GetUtcNow());
        var until = DbTime.ToDb(time.GetUtcNow() + settings.Lease);
        await using var connection = await database.OpenAsync(cancellationToken);
        var due = await connection.QueryAsync<string>(new CommandDefinition(
            """
            SELECT delivery_id FROM webhook_deliveries
            WHERE status = 'pending' AND next_attempt_at <= @now AND (lease_until IS NULL OR lease_until <= @now)
            ORDER BY next_attempt_at, delivery_id
            LIMIT @limit
            """,
            new { now, limit = settings.BatchSize },
            cancellationToken: cancellationToken));
        var claimed = new List<ClaimedDelivery>();
        foreach (var id in due)
        {
            // The same conditions again: another instance may have claimed it since the read. On
            // PostgreSQL a concurrent claim holds the row until it commits, and then the conditions
            // are checked against the claimed row, so only one UPDATE counts a row.
            var won = await connection.ExecuteAsync(new CommandDefinition(
                """
                UPDATE webhook_deliveries SET lease_owner = @owner, lease_until = @until, attempts = attempts + 1
                WHERE delivery_id = @id AND status = 'pending' AND next_attempt_at <= @now AND (lease_until IS NULL OR lease_until <= @now)
                """,
                new { id, owner, until, now },
                cancellationToken: cancellationToken));
            if (won == 1)
            {
                claimed.Add(await connection.QuerySingleAsync<ClaimedDelivery>(new CommandDefinition(
                    """
                    SELECT d.delivery_id AS DeliveryId, d.event AS Event, d.body AS Body, d.attempts AS Attempts,
                           k.callback_url AS CallbackUrl, k.callback_secret AS CallbackSecret, k.revoked_at AS RevokedAt
                    FROM webhook_deliveries d JOIN api_keys k ON k.key_id = d.key_id
                    WHERE d.delivery_id = @id
                    """,
                    new { id },
                    cancellationToken: cancellationToken)));
            }
        }

        return claimed;
    }

    private async Task AttemptAsync(ClaimedDelivery delivery, CancellationToken cancellationToken)
    {
        if (delivery.CallbackUrl is null || delivery.CallbackSecret is null || delivery.RevokedAt is not null)
        {
            await FinishAsync(delivery, DeliveryStatuses.Failed, null, "The API key's callback was removed or the key revoked before delivery.", null, cancellationToken);
            return;
        }

        string secret;
        try
        {
            secret = secrets.Unprotect(delivery.CallbackSecret);
        }
        catch (System.Security.Cryptography.CryptographicException)
        {
            // A key ring that lost the key (or a secret written by another application name): a
            // failed attempt like any other, so it is retried and in the end visible as failed.
            await RetryOrFailAsync(delivery, null, "The signing secret could not be read with this instance's data-protection key ring.", cancellationToken);
            return;
        }

        var settings = options.Value;
        var body = Encoding.UTF8.GetBytes(delivery.Body);
        var timestamp = time.GetUtcNow().ToUnixTimeSeconds();
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(delivery.CallbackUrl, UriKind.Absolute))
        {
            Content = new ByteArrayContent(body) { Headers = { ContentType = new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" } } },
        };
        request.Headers.Add(DeliveryHeader, delivery.DeliveryId);
        request.Headers.Add(EventHeader, delivery.Event);
        request.Headers.Add(AttemptHeader, delivery.Attempts.ToString(CultureInfo.InvariantCulture));
        request.Headers.Add(WebhookSignature.Header, WebhookSignature.Sign(secret, timestamp, body));

        int? statusCode = null;
        string? error = null;
        using (var timeout = new CancellationTokenSource(settings.Timeout, time))
        using (var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token))
        {
            try
            {
                using var response = await httpClients.CreateClient(HttpClientName).SendAsync(request, HttpCompletionOption.ResponseHeadersRead, linked.Token);
                statusCode = (int)response.StatusCode;
                if (!response.IsSuccessStatusCode)
                {
                    error = $"HTTP {statusCode}";
                }
            }
            catch (OperationCanceledException) when (timeout.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
            {
                error = $"No response within {settings.Timeout.TotalSeconds:0.#} s.";
            }
            catch (HttpRequestException ex)
            {
                error = ex.HttpRequestError == HttpRequestError.Unknown ? ex.Message : $"{ex.HttpRequestError}: {ex.Message}";
            }
        }

        if (error is null)
        {
            await FinishAsync(delivery, DeliveryStatuses.Delivered, statusCode, null, null, cancellationToken);
            if (logger.IsEnabled(LogLevel.Information))
            {
                logger.LogInformation("Webhook {DeliveryId} delivered on attempt {Attempt}.", delivery.DeliveryId, delivery.Attempts);
            }

            return;
        }

        await RetryOrFailAsync(delivery, statusCode, error, cancellationToken);
    }

    /// <summary>After a failed attempt: the next one on the backoff, or failed when none is left.</summary>
    private async Task RetryOrFailAsync(ClaimedDelivery delivery, int? statusCode, string error, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        var last = delivery.Attempts >= settings.MaxAttempts;
        var next = last ? (long?)null : DbTime.ToDb(time.GetUtcNow() + settings.RetryDelay(delivery.Attempts));
        await FinishAsync(delivery, last ? DeliveryStatuses.Failed : DeliveryStatuses.Pending, statusCode, error, next, cancellationToken);
        if (last)
        {
            logger.LogWarning("Webhook {DeliveryId} attempt {Attempt} failed ({Error}); no attempts left.", delivery.DeliveryId, delivery.Attempts, error);
        }
        else
        {
            logger.LogWarning("Webhook {DeliveryId} attempt {Attempt} failed ({Error}); next attempt at {Next} (Unix ms).", delivery.DeliveryId, delivery.Attempts, error, next);
        }
    }

    /// <summary>Records the attempt's result, if the claim is still ours (a takeover after a lapsed lease has its own result).</summary>
    private async Task FinishAsync(ClaimedDelivery delivery, string status, int? statusCode, string? error, long? nextAttemptAt, CancellationToken cancellationToken)
    {
        var now = DbTime.ToDb(time.GetUtcNow());
        await using var connection = await database.OpenAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(
            """
            UPDATE webhook_deliveries
            SET status = @status, last_status_code = @statusCode, last_error = @error, lease_owner = NULL, lease_until = NULL,
                next_attempt_at = coalesce(@nextAttemptAt, next_attempt_at), finished_at = @finishedAt
            WHERE delivery_id = @DeliveryId AND lease_owner = @owner
            """,
            new
            {
                status,
                statusCode = (long?)statusCode,
                error = error is { Length: > 500 } ? error[..500] : error,
                nextAttemptAt,
                finishedAt = status == DeliveryStatuses.Pending ? (long?)null : now,
                delivery.DeliveryId,
                owner,
            },
            cancellationToken: cancellationToken));
    }

    private sealed record ClaimedDelivery(string DeliveryId, string Event, string Body, long Attempts, string? CallbackUrl, string? CallbackSecret, long? RevokedAt);
}
