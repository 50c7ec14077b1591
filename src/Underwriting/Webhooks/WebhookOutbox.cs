using System.Data.Common;
using System.Text.Json;
using Dapper;
using Microcredit.Scoring.Money;
using Microcredit.Scoring.Storage;
using Microcredit.Underwriting.Decisions;

namespace Microcredit.Underwriting.Webhooks;

/// <summary>
/// The webhook outbox (webhook_deliveries). A delivery is enqueued in the transaction that gives a
/// decision its final outcome, for the API key that asked for the decision when that key has a
/// callback URL; so the notification exists exactly when the outcome does, and the worker sends it
/// after the commit.
/// </summary>
public static class WebhookOutbox
{
    /// <summary>The event of a decision's final outcome (an officer's review or a supervisor's override).</summary>
    public const string DecisionOutcomeEvent = "decision.outcome";

    public static readonly JsonSerializerOptions BodyJson = new(JsonSerializerDefaults.Web);

    /// <summary>Enqueues the notification of <paramref name="review"/>; returns its delivery id, or null when the decision's key has no callback.</summary>
    public static async Task<string?> EnqueueAsync(DbConnection connection, DbTransaction transaction, DecisionRecord decision, ReviewRecord review, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (decision.ApiKeyId is not { } keyId)
        {
            return null;
        }

        var hasCallback = await connection.ExecuteScalarAsync<long>(new CommandDefinition(
            "SELECT count(*) FROM api_keys WHERE key_id = @keyId AND revoked_at IS NULL AND callback_url IS NOT NULL",
            new { keyId },
            transaction,
            cancellationToken: cancellationToken)) > 0;
        if (!hasCallback)
        {
            return null;
        }

        var deliveryId = Ids.New("whd_");
        var body = JsonSerializer.Serialize(
            new DecisionOutcomeBody(
                deliveryId,
                DecisionOutcomeEvent,
                decision.DecisionId,
                decision.MerchantId,
                decision.Product,
                decision.Outcome,
                review.Outcome,
                Money.FromMinor(review.ApprovedAmount).Amount,
                DbTime.FromDb(review.ReviewedAt),
                review.Source,
                review.Version),
            BodyJson);
        var at = DbTime.ToDb(now);
        await connection.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO webhook_deliveries (delivery_id, key_id, decision_id, event, body, status, attempts, next_attempt_at, created_at)
            VALUES (@deliveryId, @keyId, @DecisionId, @Event, @body, 'pending', 0, @at, @at)
            """,
            new { deliveryId, keyId, decision.DecisionId, Event = DecisionOutcomeEvent, body, at },
            transaction,
            cancellationToken: cancellationToken));
        return deliveryId;
    }

    /// <summary>The deliveries about one decision, oldest first (the case page shows them).</summary>
    public static async Task<IReadOnlyList<WebhookDeliveryRow>> ForDecisionAsync(DbConnection connection, string decisionId, CancellationToken cancellationToken) =>
        [.. await connection.QueryAsync<WebhookDeliveryRow>(new CommandDefinition(
            """
            SELECT delivery_id AS DeliveryId, key_id AS KeyId, event AS Event, status AS Status, attempts AS Attempts, next_attempt_at AS NextAttemptAt,
                   last_status_code AS LastStatusCode, last_error AS LastError, created_at AS CreatedAt, finished_at AS FinishedAt
            FROM webhook_deliveries WHERE decision_id = @decisionId ORDER BY created_at, delivery_id
            """,
            new { decisionId },
            cancellationToken: cancellationToken))];
}

/// <summary>The JSON a receiver gets (camelCase): which decision, its outcome as answered and its final outcome now.</summary>
public sealed record DecisionOutcomeBody(
    string DeliveryId,
    string Event,
    string DecisionId,
    string MerchantId,
    string Product,
    string Outcome,
    string FinalOutcome,
    decimal ApprovedAmount,
    DateTimeOffset ReviewedAt,
    string Source,
    long Version);

/// <summary>One delivery as the case page lists it (instants in Unix ms).</summary>
public sealed record WebhookDeliveryRow(
    string DeliveryId, string KeyId, string Event, string Status, long Attempts, long NextAttemptAt, long? LastStatusCode, string? LastError, long CreatedAt, long? FinishedAt);

/// <summary>The states of a delivery.</summary>
public static class DeliveryStatuses
{
    public const string Pending = "pending";

    public const string Delivered = "delivered";

    public const string Failed = "failed";
}
