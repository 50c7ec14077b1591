namespace Microcredit.Underwriting.Loans;

/// <summary>Body of <c>POST /v1/loans</c>: the decision to draw down. Nullable so that a missing field is reported by name.</summary>
public sealed record DrawdownRequest(string? DecisionId);
