namespace Microcredit.Underwriting.Decisions;

/// <summary>Body of <c>POST /v1/order-loans/decisions</c>: the orders to pledge, or none for every eligible one.</summary>
public sealed record OrderDecisionRequest(string? MerchantId, IReadOnlyList<string?>? OrderIds);
