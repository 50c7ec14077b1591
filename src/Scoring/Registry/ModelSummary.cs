namespace Microcredit.Scoring.Registry;

/// <summary>One line of <c>credit models list</c>.</summary>
public sealed record ModelSummary(string ModelId, string Kind, string Family, string Source, double? ValidationAuc, long CreatedAt, long IsChampion);
