namespace Microcredit.Underwriting.Decisions;

/// <summary>Body of <c>POST /v1/credit-loans/decisions</c>. Nullable so that a missing field is reported by name.</summary>
public sealed record CreditDecisionRequest(string? MerchantId, decimal? RequestedAmount, int? TermMonths);
