using System.Data.Common;
using Dapper;
using Microcredit.Scoring.Features;
using Microcredit.Scoring.Features.Snapshots;
using Microcredit.Scoring.Loans;
using Microcredit.Scoring.Storage;
using Microcredit.Underwriting.Policy;

namespace Microcredit.Underwriting.Decisions;

/// <summary>What a decision reads about its merchant before deciding: the policy's facts, and the request's context.</summary>
/// <param name="Facts">The policy's view of the merchant.</param>
/// <param name="MayAct">Whether the calling key may act for the merchant.</param>
/// <param name="FrozenReason">Why an early warning froze the merchant's line, or null.</param>
/// <param name="CreditChampion">The credit champion's model id, or null.</param>
/// <param name="SettlementChampion">The settlement champion's model id, or null.</param>
public sealed record MerchantLookup(MerchantFacts Facts, bool MayAct, string? FrozenReason, string? CreditChampion, string? SettlementChampion);

/// <summary>Reads what the policy needs to know about one merchant, as of an instant.</summary>
public static class MerchantFactsLoader
{
    // One command, five reads: on PostgreSQL one round trip, on SQLite statements prepared once per
    // connection (PreparedCommands). The merchant's row first (with its block-list entry, frozen
    // line, the key's scope and the champions), then its loans (three reads) and its latest
    // snapshot row; for an unknown merchant the later reads find nothing.
    private static readonly string Sql = $"""
        SELECT m.registered_at AS RegisteredAt, CAST(m.kyc_verified AS BIGINT) AS KycVerified,
               (SELECT count(*) FROM blocklist b WHERE b.merchant_id = m.merchant_id) AS Blocked,
               (SELECT count(*) FROM api_key_merchants k WHERE k.key_id = @keyId AND k.merchant_id = m.merchant_id) AS MayAct,
               (SELECT o.frozen_reason FROM offers o WHERE o.merchant_id = m.merchant_id AND o.frozen_at IS NOT NULL) AS FrozenReason,
               (SELECT c.model_id FROM model_champions c WHERE c.kind = 'credit') AS CreditChampion,
               (SELECT c.model_id FROM model_champions c WHERE c.kind = 'settlement') AS SettlementChampion
        FROM merchants m WHERE m.merchant_id = @merchantId;
        {LoanExposure.MerchantReadsSql};
        {FeatureSnapshotStore.LatestRowSql}
        """;

    private static readonly string[] Parameters = ["merchantId", "keyId", "asOf", "Version", "onOrBefore"];

    /// <summary>The merchant's facts and the request's context, or null when there is no such merchant.</summary>
    public static async Task<MerchantLookup?> LoadAsync(DbConnection connection, string keyId, string merchantId, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var command = Api.PreparedCommands.Get(
            connection, null, Sql, Parameters, merchantId, keyId, DbTime.ToDb(now), FeatureCatalog.Version, DbTime.ToDb(DateOnly.FromDateTime(now.UtcDateTime)));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        MerchantRow? merchant = null;
        if (await reader.ReadAsync(cancellationToken))
        {
            merchant = reader.GetRowParser<MerchantRow>()(reader);
        }

        if (merchant is null)
        {
            return null;
        }

        await reader.NextResultAsync(cancellationToken);
        var exposure = await LoanExposure.ReadMerchantAsync(reader, merchantId, now, cancellationToken);
        await reader.NextResultAsync(cancellationToken);
        var snapshot = await FeatureSnapshotStore.ReadLatestRowAsync(reader, cancellationToken);
        var facts = new MerchantFacts(
            merchantId,
            merchant.KycVerified == 1,
            DbTime.FromDb(merchant.RegisteredAt),
            merchant.Blocked > 0,
            exposure.MaxDaysPastDue,
            exposure.OutstandingPrincipal,
            snapshot?.AsOf,
            snapshot is { } row ? new FeatureRow(row.Values) : null);
        return new MerchantLookup(facts, merchant.MayAct > 0, merchant.FrozenReason, merchant.CreditChampion, merchant.SettlementChampion);
    }

#pragma warning disable CA1812 // Instantiated by Dapper.
    private sealed class MerchantRow
    {
        public long RegisteredAt { get; init; }

        public long KycVerified { get; init; }

        public long Blocked { get; init; }

        public long MayAct { get; init; }

        public string? FrozenReason { get; init; }

        public string? CreditChampion { get; init; }

        public string? SettlementChampion { get; init; }
    }
#pragma warning restore CA1812
}
