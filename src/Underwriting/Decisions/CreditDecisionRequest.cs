namespace Microcredit.Underwriting.Decisions;

/// <summary>Body of <c>POST /v1/credit-loans/decisions</c>. Nullable so that a missing field is reported by name.</summary>
public sealed record CreditDecisionRequest(string? MerchantId, decimal? RequestedAmount, int? TermMonths);

/// <summary>The stored request of a credit decision: what was asked, and whether the line was frozen then.</summary>
public sealed record CreditInputs(string MerchantId, decimal RequestedAmount, int TermMonths, string? FrozenReason);
