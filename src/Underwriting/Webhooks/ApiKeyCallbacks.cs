using System.Data.Common;
using Dapper;
using Microcredit.Underwriting.Audit;

namespace Microcredit.Underwriting.Webhooks;

/// <summary>
/// The callback of an API key: where the final outcomes of its decisions are POSTed, and the secret
/// that signs them. The secret is generated here, shown once to whoever set the callback, and stored
/// protected (<see cref="CallbackSecrets"/>).
/// </summary>
public static class ApiKeyCallbacks
{
    public const int MaxUrlLength = 2000;

    /// <summary>Why <paramref name="url"/> cannot be a callback, or null: an absolute http(s) URL without credentials.</summary>
    public static string? UrlProblem(string url)
    {
        if (url.Length > MaxUrlLength)
        {
            return $"is longer than {MaxUrlLength} characters.";
        }

        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp))
        {
            return "must be an absolute http:// or https:// URL.";
        }

        return uri.UserInfo.Length > 0 ? "must not carry a user name or password." : null;
    }

    /// <summary>
    /// Sets the key's callback URL. A key without a secret gets <paramref name="secret"/> (made with
    /// <see cref="CallbackSecrets.Create"/> before the transaction), and so does any key when
    /// <paramref name="rotateSecret"/>; returns (found, the secret to show once, or null when the old
    /// one stays).
    /// </summary>
    public static async Task<(bool Found, string? NewSecret)> SetAsync(
        DbConnection connection, DbTransaction transaction, string keyId, string url, bool rotateSecret, NewSecret secret, string actor, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        if (UrlProblem(url) is { } problem)
        {
            throw new ArgumentException($"The callback URL {problem}", nameof(url));
        }

        var current = await connection.QuerySingleOrDefaultAsync<CurrentCallback>(new CommandDefinition(
            "SELECT key_id AS KeyId, callback_secret AS Secret FROM api_keys WHERE key_id = @keyId AND revoked_at IS NULL",
            new { keyId },
            transaction,
            cancellationToken: cancellationToken));
        if (current is null)
        {
            return (false, null);
        }

        var replace = current.Secret is null || rotateSecret;
        await connection.ExecuteAsync(new CommandDefinition(
            "UPDATE api_keys SET callback_url = @url, callback_secret = coalesce(@stored, callback_secret) WHERE key_id = @keyId",
            new { keyId, url, stored = replace ? secret.Protected : null },
            transaction,
            cancellationToken: cancellationToken));
        // The URL's host only: a path or query may carry the receiver's own token.
        await AuditLog.WriteAsync(connection, transaction, actor, "apikey.callback-set", keyId,
            new { host = new Uri(url).Host, newSecret = replace }, now, cancellationToken);
        return (true, replace ? secret.Plain : null);
    }

    /// <summary>Removes the key's callback URL and secret; pending deliveries then fail. False when there is no such active key.</summary>
    public static async Task<bool> ClearAsync(DbConnection connection, DbTransaction transaction, string keyId, string actor, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        var changed = await connection.ExecuteAsync(new CommandDefinition(
            "UPDATE api_keys SET callback_url = NULL, callback_secret = NULL WHERE key_id = @keyId AND revoked_at IS NULL",
            new { keyId },
            transaction,
            cancellationToken: cancellationToken));
        if (changed > 0)
        {
            await AuditLog.WriteAsync(connection, transaction, actor, "apikey.callback-clear", keyId, new { }, now, cancellationToken);
        }

        return changed > 0;
    }

    private sealed record CurrentCallback(string KeyId, string? Secret);
}
