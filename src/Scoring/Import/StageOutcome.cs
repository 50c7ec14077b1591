namespace Microcredit.Scoring.Import;

/// <summary>
/// What reading one file produced: records read, valid rows, rows a direct load inserted, and
/// how long each side of the read pipeline sat idle waiting for the other (diagnostics).
/// </summary>
internal readonly record struct StageOutcome(long Read, long Valid, long Inserted, TimeSpan ParserWaited = default, TimeSpan WriterWaited = default);
