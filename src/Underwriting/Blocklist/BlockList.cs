using System.Data.Common;
using Dapper;
using Microcredit.Scoring.Storage;
using Microcredit.Underwriting.Audit;

namespace Microcredit.Underwriting.Blocklist;

/// <summary>Merchants the lender will not lend to, whatever their score; managed by <c>credit blocklist</c>.</summary>
public static class BlockList
{
    /// <summary>Adds or updates an entry; returns false when the merchant was already listed (its reason is replaced).</summary>
    public static async Task<bool> AddAsync(DbConnection connection, DbTransaction transaction, string merchantId, string reason, string actor, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(merchantId);
        ArgumentException.ThrowIfNullOrWhiteSpace(reason);
        var existed = await IsBlockedAsync(connection, transaction, merchantId, cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO blocklist (merchant_id, reason, added_at, added_by) VALUES (@merchantId, @reason, @at, @actor)
            ON CONFLICT (merchant_id) DO UPDATE SET reason = excluded.reason, added_at = excluded.added_at, added_by = excluded.added_by
            """,
            new { merchantId, reason, at = DbTime.ToDb(now), actor },
            transaction,
            cancellationToken: cancellationToken));
        await AuditLog.WriteAsync(connection, transaction, actor, "blocklist.add", merchantId, new { reason }, now, cancellationToken);
        return !existed;
    }

    /// <summary>Removes an entry; returns false when the merchant was not listed.</summary>
    public static async Task<bool> RemoveAsync(DbConnection connection, DbTransaction transaction, string merchantId, string actor, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        var removed = await connection.ExecuteAsync(new CommandDefinition(
            "DELETE FROM blocklist WHERE merchant_id = @merchantId", new { merchantId }, transaction, cancellationToken: cancellationToken));
        if (removed > 0)
        {
            await AuditLog.WriteAsync(connection, transaction, actor, "blocklist.remove", merchantId, new { }, now, cancellationToken);
        }

        return removed > 0;
    }

    public static async Task<bool> IsBlockedAsync(DbConnection connection, DbTransaction? transaction, string merchantId, CancellationToken cancellationToken = default) =>
        await connection.ExecuteScalarAsync<long>(new CommandDefinition(
            "SELECT count(*) FROM blocklist WHERE merchant_id = @merchantId", new { merchantId }, transaction, cancellationToken: cancellationToken)) > 0;

    public static async Task<IReadOnlyList<BlockListEntry>> ListAsync(DbConnection connection, CancellationToken cancellationToken = default) =>
        [.. await connection.QueryAsync<BlockListEntry>(new CommandDefinition(
            "SELECT merchant_id AS MerchantId, reason AS Reason, added_at AS AddedAt, added_by AS AddedBy FROM blocklist ORDER BY merchant_id",
            cancellationToken: cancellationToken))];
}

public sealed record BlockListEntry(string MerchantId, string Reason, long AddedAt, string AddedBy);
