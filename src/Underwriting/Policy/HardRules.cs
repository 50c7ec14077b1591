namespace Microcredit.Underwriting.Policy;

/// <summary>Knock-out rules checked before the score: failing any one declines.</summary>
/// <param name="RequireKycVerified">Decline merchants whose KYC is not verified (KYC_NOT_VERIFIED).</param>
/// <param name="MinTenureDays">Whole days since registration a merchant needs (TENURE_TOO_SHORT).</param>
/// <param name="MinActiveDays30d">Days with a sale in the snapshot's last 30 days a merchant needs (INACTIVE_30D).</param>
/// <param name="DeclineAtDaysPastDue">A loan this many days past due or more declines (LOAN_PAST_DUE).</param>
/// <param name="MaxSnapshotAgeDays">Days between the snapshot's as-of date and today beyond which the data is not recent (NO_RECENT_DATA).</param>
public sealed record HardRules(
    bool RequireKycVerified,
    int MinTenureDays,
    int MinActiveDays30d,
    int DeclineAtDaysPastDue,
    int MaxSnapshotAgeDays);
