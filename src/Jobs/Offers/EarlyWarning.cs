using System.Data.Common;
using System.Globalization;
using Dapper;
using Microcredit.Scoring.Money;
using Microcredit.Scoring.Storage;
using Microcredit.Underwriting.Offers;

namespace Microcredit.Jobs.Offers;

/// <summary>
/// The early warning of the nightly refresh: a merchant whose sales collapse or whose refunds
/// surge has its line frozen (nothing more is lent; what is drawn stays as it is), and the freeze
/// is lifted when the signal clears. Windows end at the as-of date's 00:00 UTC, like the features;
/// the figures come straight from <c>orders</c>, because the snapshot holds neither the 90 days
/// before the last 30 nor 30- and 180-day refund rates.
/// </summary>
public static class EarlyWarning
{
    /// <summary>Every freeze this job makes starts with it; it lifts only those, never a freeze made by a person.</summary>
    public const string ReasonPrefix = OfferStore.EarlyWarningPrefix;

    /// <summary>A merchant's order figures over the windows, amounts in cents.</summary>
    public sealed class Signals
    {
        public string MerchantId { get; init; } = "";

        /// <summary>GMV of orders created in [D−30, D).</summary>
        public long Gmv30 { get; init; }

        /// <summary>GMV of orders created in [D−120, D−30): the 90 days before the last 30.</summary>
        public long GmvPrior90 { get; init; }

        public long Orders30 { get; init; }

        /// <summary>Orders created in [D−30, D) and refunded before D.</summary>
        public long Refunded30 { get; init; }

        public long Orders180 { get; init; }

        /// <summary>Orders created in [D−180, D) and refunded before D.</summary>
        public long Refunded180 { get; init; }
    }

    /// <summary>Why the merchant's line should be frozen, or null when neither rule fires.</summary>
    public static string? Reason(Signals signals, ScoreAndOffersOptions options)
    {
        ArgumentNullException.ThrowIfNull(signals);
        ArgumentNullException.ThrowIfNull(options);
        var reasons = new List<string>();
        var monthly = signals.GmvPrior90 / 3m;
        if (signals.GmvPrior90 > 0 && signals.Gmv30 < options.MinGmvShare * monthly)
        {
            reasons.Add(string.Create(CultureInfo.InvariantCulture,
                $"GMV_DROP: 30-day GMV {Money.FromMinor(signals.Gmv30)} is below {options.MinGmvShare * 100:0.##}% of the prior 90 days' monthly average {Money.FromMinor((long)Math.Round(monthly, MidpointRounding.AwayFromZero))}"));
        }

        // rate30 > multiple × rate180, cross-multiplied so it is exact: refunded30 × orders180 > multiple × refunded180 × orders30.
        if (signals.Orders30 >= options.MinRefundOrders
            && signals.Refunded30 * (decimal)signals.Orders180 > options.RefundMultiple * signals.Refunded180 * signals.Orders30)
        {
            reasons.Add(string.Create(CultureInfo.InvariantCulture,
                $"REFUND_SURGE: 30-day refund rate {100.0 * signals.Refunded30 / signals.Orders30:0.0}% exceeds {options.RefundMultiple:0.##}× the 180-day rate {100.0 * signals.Refunded180 / signals.Orders180:0.0}%"));
        }

        return reasons.Count == 0 ? null : $"{ReasonPrefix}: {string.Join("; ", reasons)}";
    }

    /// <summary>The signals of every merchant with an order created in the 180 days before <paramref name="asOf"/>.</summary>
    public static async Task<IReadOnlyList<Signals>> LoadAsync(DbConnection connection, DbTransaction? transaction, DateOnly asOf, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(connection);
        var end = DbTime.StartOf(asOf);
        var day = (long)TimeSpan.FromDays(1).TotalMilliseconds;
        var rows = await connection.QueryAsync<Signals>(new CommandDefinition(
            """
            SELECT merchant_id AS MerchantId,
                CAST(coalesce(sum(CASE WHEN created_at >= @D30 THEN amount END), 0) AS BIGINT) AS Gmv30,
                CAST(coalesce(sum(CASE WHEN created_at >= @D120 AND created_at < @D30 THEN amount END), 0) AS BIGINT) AS GmvPrior90,
                CAST(sum(CASE WHEN created_at >= @D30 THEN 1 ELSE 0 END) AS BIGINT) AS Orders30,
                CAST(sum(CASE WHEN created_at >= @D30 AND refunded_at < @End THEN 1 ELSE 0 END) AS BIGINT) AS Refunded30,
                CAST(count(*) AS BIGINT) AS Orders180,
                CAST(sum(CASE WHEN refunded_at < @End THEN 1 ELSE 0 END) AS BIGINT) AS Refunded180
            FROM orders
            WHERE created_at >= @D180 AND created_at < @End
            GROUP BY merchant_id
            """,
            new { End = end, D30 = end - (30 * day), D120 = end - (120 * day), D180 = end - (180 * day) },
            transaction,
            cancellationToken: cancellationToken));
        return [.. rows.OrderBy(r => r.MerchantId, StringComparer.Ordinal)];
    }

    /// <summary>
    /// Freezes the offers whose merchant trips a rule (a line frozen already keeps its first
    /// freeze) and lifts this job's freezes whose merchant no longer does; returns how many of each.
    /// </summary>
    public static async Task<(int Frozen, int Unfrozen)> ApplyAsync(
        DbConnection connection, DbTransaction transaction, DateOnly asOf, ScoreAndOffersOptions options, DateTimeOffset at, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(connection);
        var warnings = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var signals in await LoadAsync(connection, transaction, asOf, cancellationToken))
        {
            if (Reason(signals, options) is { } reason)
            {
                warnings[signals.MerchantId] = reason;
            }
        }

        var frozen = 0;
        foreach (var (merchantId, reason) in warnings)
        {
            frozen += await OfferStore.FreezeAsync(connection, transaction, merchantId, reason, at, cancellationToken) ? 1 : 0;
        }

        var ours = await connection.QueryAsync<string>(new CommandDefinition(
            "SELECT merchant_id FROM offers WHERE frozen_at IS NOT NULL AND frozen_reason LIKE @Prefix",
            new { Prefix = ReasonPrefix + "%" },
            transaction,
            cancellationToken: cancellationToken));
        var unfrozen = 0;
        foreach (var merchantId in ours.Where(m => !warnings.ContainsKey(m)))
        {
            unfrozen += await OfferStore.UnfreezeAsync(connection, transaction, merchantId, cancellationToken) ? 1 : 0;
        }

        return (frozen, unfrozen);
    }
}
