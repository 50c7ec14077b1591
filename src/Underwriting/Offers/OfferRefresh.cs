using System.Data.Common;
using Dapper;
using Microcredit.Scoring.Features.Snapshots;
using Microcredit.Scoring.Loans;
using Microcredit.Scoring.Registry;
using Microcredit.Scoring.Storage;
using Microcredit.Underwriting.Policy;

namespace Microcredit.Underwriting.Offers;

/// <summary>
/// Refreshes every merchant's offer: the latest snapshot on or before today, the credit champion,
/// the policy, each merchant's block-list status and loan exposure now; the new offers replace the
/// old in one transaction (freezes are kept), so the API sees either the old set or the new.
/// </summary>
public static class OfferRefresh
{
    public sealed record Result(int Offers, int Approve, int Review, int Decline, DateOnly? SnapshotAsOf, string ModelId);

    /// <exception cref="InvalidOperationException">The registry has no credit champion.</exception>
    public static Task<Result> RunAsync(Database database, CreditPolicy policy, DateTimeOffset now, CancellationToken cancellationToken) =>
        RunAsync(database, policy, now, beforeCommit: null, cancellationToken);

    /// <param name="database">The database.</param>
    /// <param name="policy">The credit policy.</param>
    /// <param name="now">The instant of the refresh: its date picks the snapshot; it is the offers' computed_at.</param>
    /// <param name="beforeCommit">
    /// Runs in the replacing transaction after the new offers are written (the nightly job's early
    /// warning freezes lines there), so readers see the new offers with their freezes or neither.
    /// </param>
    /// <param name="cancellationToken">Cancels the refresh.</param>
    /// <exception cref="InvalidOperationException">The registry has no credit champion.</exception>
    public static async Task<Result> RunAsync(
        Database database,
        CreditPolicy policy,
        DateTimeOffset now,
        Func<DbConnection, DbTransaction, CancellationToken, Task>? beforeCommit,
        CancellationToken cancellationToken)
    {
        var today = DateOnly.FromDateTime(now.UtcDateTime);
        var dates = await FeatureSnapshotStore.DatesAsync(database, cancellationToken);
        DateOnly? asOf = dates.Where(d => d <= today).Select(d => (DateOnly?)d).LastOrDefault();
        var matrix = asOf is { } date ? await FeatureSnapshotStore.LoadAsync(database, date, cancellationToken) : null;

        await using var connection = await database.OpenAsync(cancellationToken);
        var champion = await ModelRegistry.ChampionAsync(connection, ModelRegistry.CreditKind, cancellationToken)
            ?? throw new InvalidOperationException("The registry has no champion credit model; run credit models seed.");
        var merchants = (await connection.QueryAsync<MerchantRow>(new CommandDefinition(
            "SELECT merchant_id AS MerchantId, registered_at AS RegisteredAt, CAST(kyc_verified AS BIGINT) AS KycVerified FROM merchants",
            cancellationToken: cancellationToken))).OrderBy(m => m.MerchantId, StringComparer.Ordinal).ToList();
        var blocked = (await connection.QueryAsync<string>(new CommandDefinition("SELECT merchant_id FROM blocklist", cancellationToken: cancellationToken)))
            .ToHashSet(StringComparer.Ordinal);
        var exposures = await LoanExposure.AllAsync(connection, null, now, cancellationToken);

        var facts = merchants.Select(m =>
        {
            var exposure = exposures.GetValueOrDefault(m.MerchantId);
            var row = matrix?.IndexOf(m.MerchantId) ?? -1;
            return new MerchantFacts(
                m.MerchantId,
                m.KycVerified == 1,
                DbTime.FromDb(m.RegisteredAt),
                blocked.Contains(m.MerchantId),
                exposure.MaxDaysPastDue,
                exposure.OutstandingPrincipal,
                matrix?.AsOf,
                row >= 0 ? FeatureRow.FromMatrix(matrix!, row) : null);
        }).ToList();

        var offers = OfferBuilder.Build(policy, new MerchantScorer(champion.Artifact, champion.ModelId), facts, now);
        await using (var transaction = await connection.BeginTransactionAsync(cancellationToken))
        {
            await OfferStore.ReplaceAllAsync(connection, transaction, offers, cancellationToken);
            if (beforeCommit is not null)
            {
                await beforeCommit(connection, transaction, cancellationToken);
            }

            await transaction.CommitAsync(cancellationToken);
        }

        return new Result(
            offers.Count,
            offers.Count(o => o.Action == PolicyAction.Approve),
            offers.Count(o => o.Action == PolicyAction.Review),
            offers.Count(o => o.Action == PolicyAction.Decline),
            asOf,
            champion.ModelId);
    }

    private sealed record MerchantRow(string MerchantId, long RegisteredAt, long KycVerified);
}
