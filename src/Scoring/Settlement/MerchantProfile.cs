namespace Microcredit.Scoring.Settlement;

/// <summary>The merchant row the order features read: registration instant (Unix ms UTC), category, KYC.</summary>
public sealed record MerchantProfile(string MerchantId, long RegisteredAt, string Category, bool KycVerified);
