using System.Data.Common;
using Microcredit.Scoring.Storage;
using Microcredit.Underwriting.Api;
using Microcredit.Underwriting.Idempotency;

namespace Microcredit.Underwriting.Auth;

/// <summary>
/// PostgreSQL: a /v1 request's key check, its rate-limit count and its idempotency lookup in one
/// round trip, where they were three (each a round trip of a few dozen microseconds of CPU on both
/// sides). The count and the lookup run only for a key whose secret matches, so a wrong secret
/// counts nothing and reads nothing; <see cref="RateLimit"/> and <see cref="ApiPost"/> take what it
/// found from the request instead of asking again.
/// </summary>
/// <remarks>
/// The count commits with synchronous_commit off, as <see cref="RateLimit"/>'s own does: it need not
/// survive a crash, and every request of a key updates the one row, whose lock must not wait for a
/// WAL flush. Matching the stored hash in SQL leaks nothing useful through timing: the attacker
/// would learn a SHA-256, not a secret.
/// </remarks>
public static class OneTripKeyCheck
{
    private const string Sql =
        """
        BEGIN;
        SET LOCAL synchronous_commit TO OFF;
        SELECT key_id, secret_hash, CAST(requests_per_minute AS BIGINT) FROM api_keys WHERE key_id = @keyId AND revoked_at IS NULL;
        INSERT INTO rate_windows (key_id, window_start, requests)
        SELECT k.key_id, @window, 1 FROM api_keys k WHERE k.key_id = @keyId AND k.revoked_at IS NULL AND k.secret_hash = @hash
        ON CONFLICT (key_id, window_start) DO UPDATE SET requests = rate_windows.requests + 1
        RETURNING requests;
        SELECT request_hash, CAST(status_code AS BIGINT), response FROM idempotency_keys
        WHERE key_id = @keyId AND idempotency_key = @idempotencyKey
          AND EXISTS (SELECT 1 FROM api_keys k WHERE k.key_id = @keyId AND k.revoked_at IS NULL AND k.secret_hash = @hash);
        COMMIT;
        """;

    private static readonly string[] Parameters = ["keyId", "hash", "window", "idempotencyKey"];

    /// <summary>
    /// The active key that <paramref name="presented"/> proves, or null; for a proven key the request
    /// is counted in its window and, when it carries an Idempotency-Key, the stored response looked up.
    /// </summary>
    public static async Task<ApiKeyRow?> VerifyAsync(HttpContext http, DbConnection connection, string presented, long now, CancellationToken cancellationToken)
    {
        if (!ApiKeys.TrySplit(presented, out var keyId, out var secret))
        {
            return null;
        }

        var idempotencyKey = HttpMethods.IsPost(http.Request.Method) ? http.Request.Headers[IdempotencyKeys.Header].ToString() : "";
        var lookup = idempotencyKey.Length is > 0 and <= IdempotencyKeys.MaxLength ? idempotencyKey : null;
        var charge = new RateLimit.Charge(keyId, RateLimit.WindowOf(now));
        ApiKeyRow? row = null;
        long? count = null;
        IdempotencyRecord? stored = null;
        var command = PreparedCommands.Get(connection, null, Sql, Parameters, keyId, ApiKeys.Hash(secret), charge.Window, lookup);
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            if (await reader.ReadAsync(cancellationToken))
            {
                row = new ApiKeyRow(reader.GetString(0), reader.GetString(1), reader.GetInt64(2));
            }

            await reader.NextResultAsync(cancellationToken);
            if (await reader.ReadAsync(cancellationToken))
            {
                count = reader.GetInt64(0);
            }

            await reader.NextResultAsync(cancellationToken);
            if (await reader.ReadAsync(cancellationToken))
            {
                stored = new IdempotencyRecord(reader.GetString(0), reader.GetInt64(1), reader.GetString(2));
            }
        }

        if (row is null || count is not { } counted || !ApiKeys.Proves(row, secret))
        {
            return null;
        }

        if (counted == 1)
        {
            await RateLimit.ClearOlderWindowsAsync(connection, null, charge, cancellationToken);
        }

        charge.Charged(counted);
        http.Items[typeof(OneTripKeyCheck)] = new Found(charge, lookup, stored);
        return row;
    }

    /// <summary>The request's count, when the key check made it; null otherwise.</summary>
    public static RateLimit.Charge? ChargeOf(HttpContext http) => FoundOf(http)?.Charge;

    /// <summary>Whether the key check looked <paramref name="idempotencyKey"/> up; <paramref name="stored"/> is what it found.</summary>
    public static bool LookedUp(HttpContext http, string idempotencyKey, out IdempotencyRecord? stored)
    {
        var found = FoundOf(http);
        stored = found?.Stored;
        return found?.IdempotencyKey is { } key && string.Equals(key, idempotencyKey, StringComparison.Ordinal);
    }

    private static Found? FoundOf(HttpContext http) => http.Items.TryGetValue(typeof(OneTripKeyCheck), out var found) ? found as Found : null;

    private sealed record Found(RateLimit.Charge Charge, string? IdempotencyKey, IdempotencyRecord? Stored);
}
