namespace Microcredit.Underwriting.Decisions;

/// <summary>
/// A decision as stored: the figures the queue and the loans need as columns, and the inputs and
/// response as JSON for audit and replay. Money in cents, rates in millionths, instants in Unix ms.
/// </summary>
public sealed record DecisionRecord(
    string DecisionId,
    string MerchantId,
    string Product,
    string Outcome,
    long? RequestedAmount,
    long? TermMonths,
    long ApprovedAmount,
    long? CreditLimit,
    long? DailyRate,
    double? Score,
    double? Pd,
    string? RiskGrade,
    long CounterOffer,
    string Reasons,
    string? ModelId,
    string? SettlementModelId,
    string PolicyVersion,
    string? FeatureAsOf,
    string Inputs,
    string Response,
    string? ApiKeyId,
    long DecidedAt,
    long ExpiresAt);
