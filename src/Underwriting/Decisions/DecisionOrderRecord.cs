namespace Microcredit.Underwriting.Decisions;

/// <summary>One order of an order-loan decision: eligible or the reason not, and its advance (cents, rate in millionths).</summary>
public sealed record DecisionOrderRecord(
    string DecisionId,
    string OrderId,
    long Eligible,
    string? Reason,
    long? OrderAmount,
    double? SettleProbability,
    long? AdvanceRate,
    long AdvanceAmount);
