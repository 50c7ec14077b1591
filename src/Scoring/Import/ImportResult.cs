namespace Microcredit.Scoring.Import;

/// <summary>What one import did, or why it wrote nothing.</summary>
public sealed record ImportResult(
    IReadOnlyList<ImportFileResult> Files,
    IReadOnlyList<ImportError> Errors,
    long TotalErrors)
{
    /// <summary>True when the import committed; false means nothing was written.</summary>
    public bool Succeeded => TotalErrors == 0;

    /// <summary>Where the time went, phase by phase, for the operator and the benchmark.</summary>
    public IReadOnlyList<(string Phase, TimeSpan Duration)> Phases { get; init; } = [];

    /// <summary>Pledges of platform order loans this import resolved (their orders settled or were refunded).</summary>
    public long PledgesResolved { get; init; }
}

/// <summary>Row counts for one file of a committed import.</summary>
/// <param name="File">The file name as found, e.g. <c>orders.csv.gz</c>.</param>
/// <param name="Rows">Records read.</param>
/// <param name="Inserted">Rows new to the database.</param>
/// <param name="Updated">Rows that existed and changed (an order that progressed).</param>
/// <param name="Unchanged">Rows that existed exactly as read.</param>
public sealed record ImportFileResult(string File, long Rows, long Inserted, long Updated, long Unchanged);
