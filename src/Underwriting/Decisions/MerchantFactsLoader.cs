using System.Data.Common;
using Dapper;
using Microcredit.Scoring.Features.Snapshots;
using Microcredit.Scoring.Loans;
using Microcredit.Scoring.Storage;
using Microcredit.Underwriting.Blocklist;
using Microcredit.Underwriting.Policy;

namespace Microcredit.Underwriting.Decisions;

/// <summary>Reads what the policy needs to know about one merchant, as of an instant.</summary>
public static class MerchantFactsLoader
{
    /// <summary>The merchant's facts, or null when there is no such merchant.</summary>
    public static async Task<MerchantFacts?> LoadAsync(DbConnection connection, string merchantId, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var merchant = await connection.QuerySingleOrDefaultAsync<MerchantRow>(new CommandDefinition(
            "SELECT registered_at AS RegisteredAt, CAST(kyc_verified AS BIGINT) AS KycVerified FROM merchants WHERE merchant_id = @merchantId",
            new { merchantId },
            cancellationToken: cancellationToken));
        if (merchant is null)
        {
            return null;
        }

        var blocked = await BlockList.IsBlockedAsync(connection, null, merchantId, cancellationToken);
        var exposure = await LoanExposure.ForMerchantAsync(connection, null, merchantId, now, cancellationToken);
        var snapshot = await FeatureSnapshotStore.LatestRowAsync(connection, merchantId, DateOnly.FromDateTime(now.UtcDateTime), cancellationToken);
        return new MerchantFacts(
            merchantId,
            merchant.KycVerified == 1,
            DbTime.FromDb(merchant.RegisteredAt),
            blocked,
            exposure.MaxDaysPastDue,
            exposure.OutstandingPrincipal,
            snapshot?.AsOf,
            snapshot is { } row ? new FeatureRow(row.Values) : null);
    }

    private sealed record MerchantRow(long RegisteredAt, long KycVerified);
}
