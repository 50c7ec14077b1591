using System.Data;
using System.Data.Common;
using Dapper;
using Microcredit.Scoring.Storage;
using Microsoft.Data.Sqlite;

namespace Microcredit.Scoring.Settlement;

public sealed partial class SettlementTrainingSet
{
    /// <summary>
    /// Builds the set from the database: every merchant (ordinal id order) loaded with
    /// <see cref="MerchantOrders.LoadAsync(DbConnection, DbTransaction?, string, CancellationToken)"/>,
    /// the same loader and feature code the underwriting API uses, inside one read transaction.
    /// </summary>
    /// <param name="database">The history.</param>
    /// <param name="from">First shipping date (inclusive).</param>
    /// <param name="to">Last shipping date (exclusive).</param>
    /// <param name="asOf">Outcomes known before its 00:00 UTC count.</param>
    /// <param name="cap">At most this many orders (a seeded sample above it).</param>
    /// <param name="seed">Seed of the sample.</param>
    /// <param name="progress">Merchants done and the total, after each merchant.</param>
    /// <param name="cancellationToken">Cancels the load.</param>
    public static async Task<SettlementTrainingSet> BuildAsync(
        Database database, DateOnly from, DateOnly to, DateOnly asOf, int cap, int seed, IProgress<(int Done, int Total)>? progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(database);
        await using var connection = await database.OpenAsync(cancellationToken);
        // A consistent snapshot: an import committing meanwhile is seen entirely or not at all.
        await using DbTransaction transaction = connection is SqliteConnection sqlite
            ? sqlite.BeginTransaction(deferred: true)
            : await connection.BeginTransactionAsync(IsolationLevel.RepeatableRead, cancellationToken);
        var ids = (await connection.QueryAsync<string>(new CommandDefinition("SELECT merchant_id FROM merchants", transaction: transaction, cancellationToken: cancellationToken))).ToArray();
        Array.Sort(ids, StringComparer.Ordinal);
        var builder = new Builder(from, to, asOf, cap, seed);
        for (var i = 0; i < ids.Length; i++)
        {
            var merchant = await MerchantOrders.LoadAsync(connection, transaction, ids[i], cancellationToken);
            if (merchant is not null)
            {
                builder.Add(merchant);
            }

            progress?.Report((i + 1, ids.Length));
        }

        await transaction.CommitAsync(cancellationToken);
        return builder.Build();
    }

    /// <summary>The day after the latest order event in the database (the default as-of), or null when there are no orders.</summary>
    public static async Task<DateOnly?> EndOfDataAsync(Database database, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(database);
        await using var connection = await database.OpenAsync(cancellationToken);
        var latest = await connection.ExecuteScalarAsync<long?>(new CommandDefinition(
            """
            SELECT max(t) FROM (
                SELECT max(created_at) AS t FROM orders
                UNION ALL SELECT max(shipped_at) FROM orders
                UNION ALL SELECT max(settled_at) FROM orders
                UNION ALL SELECT max(refunded_at) FROM orders
                UNION ALL SELECT max(disputed_at) FROM orders
            ) latest
            """,
            cancellationToken: cancellationToken));
        return latest is { } ms ? DateOnly.FromDateTime(DbTime.FromDb(ms).UtcDateTime).AddDays(1) : null;
    }
}
