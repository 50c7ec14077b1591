using System.Data.Common;
using System.Security.Cryptography;
using System.Text;
using Dapper;
using Microcredit.Scoring.Storage;
using Microcredit.Underwriting.Audit;

namespace Microcredit.Underwriting.Auth;

/// <summary>
/// API keys for merchant apps. A key is <c>key_…​.secret</c>: the id part finds the row, the secret
/// is checked against its stored SHA-256 in constant time. The plain key exists only in the response
/// to <see cref="CreateAsync"/>.
/// </summary>
public static class ApiKeys
{
    public const int DefaultRequestsPerMinute = 6000;

    /// <summary>A new key bound to <paramref name="merchantIds"/>; returns the key id and the full key to show once.</summary>
    public static async Task<(string KeyId, string Key)> CreateAsync(
        DbConnection connection, DbTransaction transaction, string name, IReadOnlyCollection<string> merchantIds, int requestsPerMinute, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfZero(merchantIds.Count);
        ArgumentOutOfRangeException.ThrowIfLessThan(requestsPerMinute, 1);
        var keyId = Ids.New("key_");
        var secret = Ids.Base32(RandomNumberGenerator.GetBytes(20));
        await connection.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO api_keys (key_id, secret_hash, name, requests_per_minute, created_at, revoked_at)
            VALUES (@keyId, @hash, @name, @requestsPerMinute, @at, NULL)
            """,
            new { keyId, hash = Hash(secret), name, requestsPerMinute, at = DbTime.ToDb(now) },
            transaction,
            cancellationToken: cancellationToken));
        await connection.ExecuteAsync(new CommandDefinition(
            "INSERT INTO api_key_merchants (key_id, merchant_id) VALUES (@keyId, @merchantId)",
            merchantIds.Distinct(StringComparer.Ordinal).Select(merchantId => new { keyId, merchantId }),
            transaction,
            cancellationToken: cancellationToken));
        await AuditLog.WriteAsync(connection, transaction, "cli", "apikey.create", keyId, new { name, merchants = merchantIds.Count, requestsPerMinute }, now, cancellationToken);
        return (keyId, $"{keyId}.{secret}");
    }

    /// <summary>Revokes a key; returns false when there is no such active key.</summary>
    public static async Task<bool> RevokeAsync(DbConnection connection, DbTransaction transaction, string keyId, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        var changed = await connection.ExecuteAsync(new CommandDefinition(
            "UPDATE api_keys SET revoked_at = @at WHERE key_id = @keyId AND revoked_at IS NULL",
            new { keyId, at = DbTime.ToDb(now) },
            transaction,
            cancellationToken: cancellationToken));
        if (changed > 0)
        {
            await AuditLog.WriteAsync(connection, transaction, "cli", "apikey.revoke", keyId, new { }, now, cancellationToken);
        }

        return changed > 0;
    }

    /// <summary>The active key that <paramref name="presented"/> proves, or null.</summary>
    public static async Task<ApiKeyRow?> VerifyAsync(DbConnection connection, string presented, CancellationToken cancellationToken = default)
    {
        if (!TrySplit(presented, out var keyId, out var secret))
        {
            return null;
        }

        ApiKeyRow? row = null;
        var command = Microcredit.Underwriting.Api.PreparedCommands.Get(
            connection,
            null,
            "SELECT key_id, secret_hash, CAST(requests_per_minute AS BIGINT) FROM api_keys WHERE key_id = @keyId AND revoked_at IS NULL",
            ["keyId"],
            keyId);
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            if (await reader.ReadAsync(cancellationToken))
            {
                row = new ApiKeyRow(reader.GetString(0), reader.GetString(1), reader.GetInt64(2));
            }
        }

        return row is not null && Proves(row, secret) ? row : null;
    }

    /// <summary>The id and secret parts of a presented key; false when it has no such shape.</summary>
    public static bool TrySplit(string presented, out string keyId, out string secret)
    {
        var dot = presented.IndexOf('.', StringComparison.Ordinal);
        var shaped = dot > 0 && dot < presented.Length - 1;
        keyId = shaped ? presented[..dot] : "";
        secret = shaped ? presented[(dot + 1)..] : "";
        return shaped;
    }

    /// <summary>Whether <paramref name="secret"/> is the key's, compared in constant time.</summary>
    public static bool Proves(ApiKeyRow row, string secret) =>
        CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(row.SecretHash), Encoding.ASCII.GetBytes(Hash(secret)));

    /// <summary>Whether the key may act for the merchant.</summary>
    public static async Task<bool> MayActForAsync(DbConnection connection, string keyId, string merchantId, CancellationToken cancellationToken = default) =>
        await connection.ExecuteScalarAsync<long>(new CommandDefinition(
            "SELECT count(*) FROM api_key_merchants WHERE key_id = @keyId AND merchant_id = @merchantId",
            new { keyId, merchantId },
            cancellationToken: cancellationToken)) > 0;

    /// <summary>Every key with its merchant count and callback URL, for <c>credit apikey list</c>; never the hashes or secrets.</summary>
    public static async Task<IReadOnlyList<ApiKeySummary>> ListAsync(DbConnection connection, CancellationToken cancellationToken = default) =>
        [.. await connection.QueryAsync<ApiKeySummary>(new CommandDefinition(
            """
            SELECT k.key_id AS KeyId, k.name AS Name, CAST(k.requests_per_minute AS BIGINT) AS RequestsPerMinute, k.created_at AS CreatedAt,
                   k.revoked_at AS RevokedAt, (SELECT count(*) FROM api_key_merchants m WHERE m.key_id = k.key_id) AS Merchants, k.callback_url AS CallbackUrl
            FROM api_keys k ORDER BY k.created_at, k.key_id
            """,
            cancellationToken: cancellationToken))];

    /// <summary>The stored form of a secret: its SHA-256 in lower-case hex.</summary>
    public static string Hash(string secret) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(secret)));
}

public sealed record ApiKeyRow(string KeyId, string SecretHash, long RequestsPerMinute);

public sealed record ApiKeySummary(string KeyId, string Name, long RequestsPerMinute, long CreatedAt, long? RevokedAt, long Merchants, string? CallbackUrl);
