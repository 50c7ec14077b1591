using Microcredit.Scoring.Money;

namespace Microcredit.Underwriting.Policy;

/// <summary>
/// What the policy knows about a merchant when it assesses one; the caller reads it from the
/// database (merchants, blocklist, loans, the latest feature snapshot).
/// </summary>
/// <param name="MerchantId">The merchant.</param>
/// <param name="KycVerified">merchants.kyc_verified.</param>
/// <param name="RegisteredAt">merchants.registered_at.</param>
/// <param name="Blocked">Whether the merchant is on the block list.</param>
/// <param name="MaxDaysPastDue">Days past due of the merchant's most overdue loan now (0 when none is late).</param>
/// <param name="OutstandingPrincipal">Principal outstanding now over all the merchant's loans, both products.</param>
/// <param name="SnapshotAsOf">As-of date of the latest feature snapshot; null when none was ever built.</param>
/// <param name="Features">The merchant's row in that snapshot; null when it has none.</param>
public sealed record MerchantFacts(
    string MerchantId,
    bool KycVerified,
    DateTimeOffset RegisteredAt,
    bool Blocked,
    int MaxDaysPastDue,
    Money OutstandingPrincipal,
    DateOnly? SnapshotAsOf,
    FeatureRow? Features);
