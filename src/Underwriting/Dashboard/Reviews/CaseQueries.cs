using System.Data.Common;
using Dapper;
using Microcredit.Scoring.Features;
using Microcredit.Scoring.Features.Snapshots;
using Microcredit.Scoring.Loans;
using Microcredit.Scoring.Storage;

namespace Microcredit.Underwriting.Dashboard.Reviews;

/// <summary>The case page's panels about the merchant: each one bounded read of one merchant's rows.</summary>
public static class CaseQueries
{
    /// <summary>Months of sales the chart shows (the current month included).</summary>
    public const int Months = 24;

    /// <summary>Loans listed at most, newest first.</summary>
    public const int MaxLoans = 20;

    /// <summary>Pledges listed at most, open ones first.</summary>
    public const int MaxPledges = 50;

    public static Task<MerchantProfile?> MerchantAsync(DbConnection connection, string merchantId, CancellationToken cancellationToken) =>
        connection.QuerySingleOrDefaultAsync<MerchantProfile>(new CommandDefinition(
            """
            SELECT merchant_id AS MerchantId, registered_at AS RegisteredAt, category AS Category, region AS Region, CAST(kyc_verified AS BIGINT) AS KycVerified
            FROM merchants WHERE merchant_id = @merchantId
            """,
            new { merchantId },
            cancellationToken: cancellationToken));

    /// <summary>
    /// GMV by the month orders were paid (created_at) and refunds by the month they were paid back
    /// (refunded_at), for the <see cref="Months"/> calendar months (UTC) up to <paramref name="now"/>.
    /// </summary>
    public static async Task<IReadOnlyList<MonthlySales>> MonthlyAsync(DbConnection connection, string merchantId, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var first = new DateOnly(now.UtcDateTime.Year, now.UtcDateTime.Month, 1).AddMonths(-(Months - 1));
        var start = DbTime.StartOf(first);
        var end = DbTime.ToDb(now);
        var orders = await connection.QueryAsync<OrderMoney>(new CommandDefinition(
            """
            SELECT created_at AS CreatedAt, amount AS Amount, refunded_at AS RefundedAt, refund_amount AS RefundAmount
            FROM orders WHERE merchant_id = @merchantId AND created_at < @end AND (created_at >= @start OR refunded_at >= @start)
            """,
            new { merchantId, start, end },
            cancellationToken: cancellationToken));
        var months = new MonthlySales[Months];
        for (var m = 0; m < Months; m++)
        {
            months[m] = new MonthlySales(first.AddMonths(m), 0, 0, 0, 0);
        }

        int? Slot(long instant)
        {
            if (instant < start || instant >= end)
            {
                return null;
            }

            var date = DbTime.FromDb(instant).UtcDateTime;
            return ((date.Year - first.Year) * 12) + date.Month - first.Month;
        }

        foreach (var order in orders)
        {
            if (Slot(order.CreatedAt) is { } sold)
            {
                months[sold] = months[sold] with { Orders = months[sold].Orders + 1, Gmv = months[sold].Gmv + order.Amount };
            }

            if (order.RefundedAt is { } refundedAt && Slot(refundedAt) is { } refunded)
            {
                months[refunded] = months[refunded] with { RefundedOrders = months[refunded].RefundedOrders + 1, Refunds = months[refunded].Refunds + (order.RefundAmount ?? 0) };
            }
        }

        return months;
    }

    /// <summary>The merchant's row of its latest snapshot, each feature beside the snapshot's p10, median and p90 and the merchant's rank.</summary>
    public static async Task<FeatureComparison?> FeaturesAsync(DbConnection connection, FeaturePercentiles percentiles, string merchantId, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var row = await FeatureSnapshotStore.LatestRowAsync(connection, merchantId, DateOnly.FromDateTime(now.UtcDateTime), cancellationToken);
        if (row is not { } latest)
        {
            return null;
        }

        var distribution = await percentiles.ForAsync(connection, latest.AsOf, cancellationToken);
        if (distribution is null)
        {
            return null;
        }

        var lines = FeatureCatalog.All.Select(f => new FeatureLine(
            f,
            latest.Values[(int)f.Id],
            distribution.Quantile(f.Id, 0.10),
            distribution.Quantile(f.Id, 0.50),
            distribution.Quantile(f.Id, 0.90),
            distribution.Rank(f.Id, latest.Values[(int)f.Id]))).ToList();
        return new FeatureComparison(latest.AsOf, distribution.Merchants, lines);
    }

    /// <summary>The merchant's loans (newest first, at most <see cref="MaxLoans"/>) as of now.</summary>
    public static async Task<IReadOnlyList<LoanStatement>> LoansAsync(DbConnection connection, string merchantId, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var ids = await connection.QueryAsync<string>(new CommandDefinition(
            "SELECT loan_id FROM loans WHERE merchant_id = @merchantId AND disbursed_at < @now ORDER BY disbursed_at DESC, loan_id LIMIT @limit",
            new { merchantId, now = DbTime.ToDb(now), limit = MaxLoans },
            cancellationToken: cancellationToken));
        var loans = new List<LoanStatement>();
        foreach (var id in ids)
        {
            if (await LoanStatements.LoadAsync(connection, null, id, now, cancellationToken) is { } loan)
            {
                loans.Add(loan);
            }
        }

        return loans;
    }

    /// <summary>Orders the merchant has pledged to platform order loans, open pledges first.</summary>
    public static async Task<IReadOnlyList<PledgeLine>> PledgesAsync(DbConnection connection, string merchantId, CancellationToken cancellationToken) =>
        [.. await connection.QueryAsync<PledgeLine>(new CommandDefinition(
            """
            SELECT p.loan_id AS LoanId, p.order_id AS OrderId, p.order_amount AS OrderAmount, p.advance_amount AS AdvanceAmount,
                   p.collected_at AS CollectedAt, p.collected AS Collected
            FROM loan_pledges p JOIN loans l ON l.loan_id = p.loan_id
            WHERE l.merchant_id = @merchantId
            ORDER BY CASE WHEN p.collected_at IS NULL THEN 0 ELSE 1 END, p.collected_at DESC, p.order_id
            LIMIT @limit
            """,
            new { merchantId, limit = MaxPledges },
            cancellationToken: cancellationToken))];

    private sealed record OrderMoney(long CreatedAt, long Amount, long? RefundedAt, long? RefundAmount);
}

/// <summary>The merchants row (registered_at in Unix ms, KYC 0/1).</summary>
public sealed record MerchantProfile(string MerchantId, long RegisteredAt, string Category, string Region, long KycVerified);

/// <summary>One calendar month of sales (money in cents).</summary>
public sealed record MonthlySales(DateOnly Month, long Orders, long Gmv, long RefundedOrders, long Refunds);

/// <summary>A feature of the merchant's snapshot row against the snapshot's distribution (values as stored: money in cents).</summary>
public sealed record FeatureLine(FeatureDefinition Feature, double Value, double P10, double Median, double P90, double? Rank);

public sealed record FeatureComparison(DateOnly AsOf, int Merchants, IReadOnlyList<FeatureLine> Lines);

/// <summary>A pledged order (money in cents, instants in Unix ms).</summary>
public sealed record PledgeLine(string LoanId, string OrderId, long OrderAmount, long AdvanceAmount, long? CollectedAt, long? Collected);
