namespace Microcredit.Scoring.Import;

/// <summary>What reading one file produced: records read, valid rows, rows a direct load inserted.</summary>
internal readonly record struct StageOutcome(long Read, long Valid, long Inserted);
