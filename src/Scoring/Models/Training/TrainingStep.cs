namespace Microcredit.Scoring.Models.Training;

/// <summary>Progress of a training run: <see cref="Done"/> of <see cref="Total"/> fits (validation splits, then the final refit).</summary>
public sealed record TrainingStep(string Description, int Done, int Total);
