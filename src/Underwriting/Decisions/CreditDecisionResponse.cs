using Microcredit.Underwriting.Policy;

namespace Microcredit.Underwriting.Decisions;

/// <summary>
/// A credit-loan decision as the API returns it (and stores it, byte for byte, for replay).
/// Money in currency units with 2 decimals; rates as fractions (0.0005 = 0.05% a day).
/// </summary>
public sealed record CreditDecisionResponse(
    string DecisionId,
    string MerchantId,
    string Product,
    string Outcome,
    decimal RequestedAmount,
    int TermMonths,
    decimal ApprovedAmount,
    bool CounterOffer,
    decimal CreditLimit,
    decimal DailyRate,
    decimal Apr,
    double? Score,
    double? Pd,
    string? RiskGrade,
    IReadOnlyList<DecisionReason> Reasons,
    string? ModelVersion,
    string PolicyVersion,
    DateOnly? FeatureAsOf,
    DateTimeOffset DecidedAt,
    DateTimeOffset ExpiresAt);
