using System.Data.Common;
using Dapper;
using Microcredit.Scoring.Money;
using Microcredit.Scoring.Storage;
using Microcredit.Underwriting.Policy;

namespace Microcredit.Underwriting.Offers;

/// <summary>
/// The <c>offers</c> table (migration 0006). A refresh replaces every row in the caller's
/// transaction, so readers see the old offers or the new ones, never a mix; replacing with the
/// same offers leaves the same rows. Freezes outlive refreshes: a merchant frozen before keeps
/// its frozen_at and frozen_reason until <see cref="UnfreezeAsync"/>.
/// </summary>
public static class OfferStore
{
    /// <summary>Every freeze the nightly early warning makes has a reason starting with it (src/Jobs EarlyWarning); others were made by a person.</summary>
    public const string EarlyWarningPrefix = "EARLY_WARNING";

    private const string Columns = """
        merchant_id AS MerchantId, as_of AS AsOf, model_id AS ModelId, policy_version AS PolicyVersion,
        score AS Score, pd AS Pd, risk_grade AS RiskGrade, action AS Action, credit_limit AS CreditLimit,
        daily_rate AS DailyRate, order_advance_rate AS OrderAdvanceRate, reasons AS Reasons,
        computed_at AS ComputedAt, valid_until AS ValidUntil, frozen_at AS FrozenAt, frozen_reason AS FrozenReason
        """;

    /// <summary>Replaces every offer with <paramref name="offers"/> (merchant ids unique).</summary>
    public static async Task ReplaceAllAsync(DbConnection connection, DbTransaction transaction, IReadOnlyList<Offer> offers, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(transaction);
        ArgumentNullException.ThrowIfNull(offers);
        var frozen = (await connection.QueryAsync<Freeze>(new CommandDefinition(
                "SELECT merchant_id AS MerchantId, frozen_at AS FrozenAt, frozen_reason AS FrozenReason FROM offers WHERE frozen_at IS NOT NULL",
                transaction: transaction,
                cancellationToken: cancellationToken)))
            .ToDictionary(f => f.MerchantId, StringComparer.Ordinal);
        await connection.ExecuteAsync(new CommandDefinition("DELETE FROM offers", transaction: transaction, cancellationToken: cancellationToken));
        var rows = offers.Select(o => Row.From(o, o.FrozenAt is null ? frozen.GetValueOrDefault(o.MerchantId) : null)).ToList();
        await connection.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO offers (merchant_id, as_of, model_id, policy_version, score, pd, risk_grade, action, credit_limit,
                daily_rate, order_advance_rate, reasons, computed_at, valid_until, frozen_at, frozen_reason)
            VALUES (@MerchantId, @AsOf, @ModelId, @PolicyVersion, @Score, @Pd, @RiskGrade, @Action, @CreditLimit,
                @DailyRate, @OrderAdvanceRate, @Reasons, @ComputedAt, @ValidUntil, @FrozenAt, @FrozenReason)
            """,
            rows,
            transaction,
            cancellationToken: cancellationToken));
    }

    /// <summary>The merchant's offer, or null.</summary>
    public static async Task<Offer?> GetAsync(DbConnection connection, string merchantId, CancellationToken cancellationToken = default) =>
        await GetAsync(connection, null, merchantId, cancellationToken);

    /// <inheritdoc cref="GetAsync(DbConnection, string, CancellationToken)"/>
    public static async Task<Offer?> GetAsync(DbConnection connection, DbTransaction? transaction, string merchantId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(connection);
        var row = await connection.QuerySingleOrDefaultAsync<Row>(new CommandDefinition(
            $"SELECT {Columns} FROM offers WHERE merchant_id = @MerchantId", new { MerchantId = merchantId }, transaction, cancellationToken: cancellationToken));
        return row?.ToOffer();
    }

    /// <summary>Freezes the merchant's line; false when it has no offer or is frozen already (the first freeze and its reason stay).</summary>
    public static async Task<bool> FreezeAsync(DbConnection connection, DbTransaction? transaction, string merchantId, string reason, DateTimeOffset at, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentException.ThrowIfNullOrWhiteSpace(reason);
        return await connection.ExecuteAsync(new CommandDefinition(
            "UPDATE offers SET frozen_at = @At, frozen_reason = @Reason WHERE merchant_id = @MerchantId AND frozen_at IS NULL",
            new { MerchantId = merchantId, Reason = reason, At = DbTime.ToDb(at) },
            transaction,
            cancellationToken: cancellationToken)) > 0;
    }

    /// <summary>Lifts a freeze; false when the merchant's offer was not frozen.</summary>
    public static async Task<bool> UnfreezeAsync(DbConnection connection, DbTransaction? transaction, string merchantId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(connection);
        return await connection.ExecuteAsync(new CommandDefinition(
            "UPDATE offers SET frozen_at = NULL, frozen_reason = NULL WHERE merchant_id = @MerchantId AND frozen_at IS NOT NULL",
            new { MerchantId = merchantId },
            transaction,
            cancellationToken: cancellationToken)) > 0;
    }

    private sealed class Freeze
    {
        public string MerchantId { get; init; } = "";

        public long FrozenAt { get; init; }

        public string? FrozenReason { get; init; }
    }

    /// <summary>An offer in storage units (docs/storage.md).</summary>
    private sealed class Row
    {
        public string MerchantId { get; init; } = "";

        public string? AsOf { get; init; }

        public string ModelId { get; init; } = "";

        public string PolicyVersion { get; init; } = "";

        public double? Score { get; init; }

        public double? Pd { get; init; }

        public string? RiskGrade { get; init; }

        public string Action { get; init; } = "";

        public long CreditLimit { get; init; }

        public long DailyRate { get; init; }

        public long OrderAdvanceRate { get; init; }

        public string Reasons { get; init; } = "[]";

        public long ComputedAt { get; init; }

        public long ValidUntil { get; init; }

        public long? FrozenAt { get; init; }

        public string? FrozenReason { get; init; }

        public static Row From(Offer offer, Freeze? kept) => new()
        {
            MerchantId = offer.MerchantId,
            AsOf = offer.AsOf is { } asOf ? DbTime.ToDb(asOf) : null,
            ModelId = offer.ModelId,
            PolicyVersion = offer.PolicyVersion,
            Score = offer.Score,
            Pd = offer.Pd,
            RiskGrade = offer.RiskGrade,
            Action = PolicyActions.ToText(offer.Action),
            CreditLimit = offer.CreditLimit.ToMinor(),
            DailyRate = Rate.ToMicros(offer.DailyRate),
            OrderAdvanceRate = Rate.ToMicros(offer.OrderAdvanceRate),
            Reasons = ReasonsJson.Serialize(offer.Reasons),
            ComputedAt = DbTime.ToDb(offer.ComputedAt),
            ValidUntil = DbTime.ToDb(offer.ValidUntil),
            FrozenAt = offer.FrozenAt is { } frozenAt ? DbTime.ToDb(frozenAt) : kept?.FrozenAt,
            FrozenReason = offer.FrozenAt is null ? kept?.FrozenReason : offer.FrozenReason,
        };

        public Offer ToOffer() => new(
            MerchantId,
            AsOf is null ? null : DbTime.DateFromDb(AsOf),
            ModelId,
            PolicyVersion,
            Score,
            Pd,
            RiskGrade,
            PolicyActions.Parse(Action) ?? throw new InvalidOperationException($"Offer of {MerchantId} has unknown action '{Action}'."),
            Money.FromMinor(CreditLimit),
            Rate.FromMicros(DailyRate),
            Rate.FromMicros(OrderAdvanceRate),
            ReasonsJson.Deserialize(Reasons),
            DbTime.FromDb(ComputedAt),
            DbTime.FromDb(ValidUntil),
            FrozenAt is null ? null : DbTime.FromDb(FrozenAt.Value),
            FrozenReason);
    }
}
