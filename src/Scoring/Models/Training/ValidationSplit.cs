namespace Microcredit.Scoring.Models.Training;

/// <summary>One train/test split of the validation; <see cref="Name"/> is the fold value or <c>out-of-time</c>.</summary>
public sealed record ValidationSplit(string Name, int[] Train, int[] Test);
