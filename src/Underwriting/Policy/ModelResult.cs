namespace Microcredit.Underwriting.Policy;

/// <summary>What the merchant model says: score on its points scale, calibrated pd and its adverse reasons, largest first.</summary>
public sealed record ModelResult(string ModelId, double Score, double Pd, IReadOnlyList<DecisionReason> Reasons);
