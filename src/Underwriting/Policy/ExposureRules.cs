using Microcredit.Scoring.Money;

namespace Microcredit.Underwriting.Policy;

/// <summary>Exposure cap: the merchant's total outstanding principal (every loan, both products) after a new loan stays at or below this.</summary>
public sealed record ExposureRules(Money MaxOutstandingPrincipal);
