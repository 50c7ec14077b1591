using System.Data.Common;
using System.Security.Cryptography;
using Dapper;
using Microcredit.Scoring.Storage;

namespace Microcredit.Underwriting.Idempotency;

/// <summary>
/// Stored responses to POSTs by (API key, Idempotency-Key). The record is inserted in the same
/// transaction as the work, so a retry after a crash either finds the committed response or finds
/// nothing and does the work again; two concurrent retries race on the primary key and the loser
/// rolls back and replays the winner's response.
/// </summary>
public static class IdempotencyKeys
{
    public const string Header = "Idempotency-Key";

    public const int MaxLength = 200;

    /// <summary>SHA-256 over method, path and the exact body bytes.</summary>
    public static string HashOf(string method, string path, ReadOnlySpan<byte> body)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        hash.AppendData(System.Text.Encoding.UTF8.GetBytes($"{method} {path}\n"));
        hash.AppendData(body);
        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }

    public static Task<IdempotencyRecord?> FindAsync(DbConnection connection, DbTransaction? transaction, string keyId, string idempotencyKey, CancellationToken cancellationToken) =>
        connection.QuerySingleOrDefaultAsync<IdempotencyRecord>(new CommandDefinition(
            "SELECT request_hash AS RequestHash, CAST(status_code AS BIGINT) AS StatusCode, response AS Response FROM idempotency_keys WHERE key_id = @keyId AND idempotency_key = @idempotencyKey",
            new { keyId, idempotencyKey },
            transaction,
            cancellationToken: cancellationToken));

    /// <summary>Inserts the record; false when another request with the same key committed first.</summary>
    public static async Task<bool> TryInsertAsync(
        DbConnection connection, DbTransaction transaction, string keyId, string idempotencyKey, IdempotencyRecord record, DateTimeOffset now, CancellationToken cancellationToken) =>
        await connection.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO idempotency_keys (key_id, idempotency_key, request_hash, status_code, response, created_at)
            VALUES (@keyId, @idempotencyKey, @RequestHash, @StatusCode, @Response, @at)
            ON CONFLICT (key_id, idempotency_key) DO NOTHING
            """,
            new { keyId, idempotencyKey, record.RequestHash, record.StatusCode, record.Response, at = DbTime.ToDb(now) },
            transaction,
            cancellationToken: cancellationToken)) == 1;
}
