namespace Microcredit.Underwriting.Policy;

/// <summary>Codes of the policy's own reasons (model reasons use the feature name).</summary>
public static class ReasonCodes
{
    public const string KycNotVerified = "KYC_NOT_VERIFIED";
    public const string TenureTooShort = "TENURE_TOO_SHORT";
    public const string NoRecentData = "NO_RECENT_DATA";
    public const string Inactive30d = "INACTIVE_30D";
    public const string LoanPastDue = "LOAN_PAST_DUE";
    public const string Blocklisted = "BLOCKLISTED";
    public const string ScoreBelowCutoff = "SCORE_BELOW_CUTOFF";
    public const string LineBelowMinimum = "LINE_BELOW_MINIMUM";
    public const string ExposureCap = "EXPOSURE_CAP";
    public const string LowSettlementProbability = "LOW_SETTLEMENT_PROBABILITY";
}
