using Microcredit.Underwriting.Policy;

namespace Microcredit.Underwriting.Decisions;

/// <summary>An order-loan decision as the API returns (and stores) it; money in currency units, rates as fractions.</summary>
public sealed record OrderDecisionResponse(
    string DecisionId,
    string MerchantId,
    string Product,
    string Outcome,
    IReadOnlyList<OrderDecisionLine> Orders,
    decimal TotalAdvance,
    decimal DailyRate,
    decimal Apr,
    int TermDays,
    decimal ExpectedInterest,
    double? Score,
    double? Pd,
    string? RiskGrade,
    IReadOnlyList<DecisionReason> Reasons,
    string? ModelVersion,
    string? SettlementModelVersion,
    string PolicyVersion,
    DateOnly? FeatureAsOf,
    DateTimeOffset DecidedAt,
    DateTimeOffset ExpiresAt);

/// <summary>One order of the decision: its advance, or the code of why it gets none.</summary>
public sealed record OrderDecisionLine(
    string OrderId,
    bool Eligible,
    string? Reason,
    decimal? OrderAmount,
    double? SettleProbability,
    decimal? AdvanceRate,
    decimal AdvanceAmount);
