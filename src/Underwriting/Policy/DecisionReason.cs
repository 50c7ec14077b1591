namespace Microcredit.Underwriting.Policy;

/// <summary>
/// Why a decision came out as it did. Policy reasons carry a code of <see cref="ReasonCodes"/> and
/// impact 0; model reasons carry the feature name upper-cased, its catalog description and the
/// points it cost.
/// </summary>
public sealed record DecisionReason(string Code, string Text, double Impact);
