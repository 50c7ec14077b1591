namespace Microcredit.Scoring.Models.Scoring;

/// <summary>An adverse reason: feature <see cref="Feature"/> (index in the schema) cost <see cref="Points"/> points.</summary>
public readonly record struct Reason(int Feature, double Points);
