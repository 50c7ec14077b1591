namespace Microcredit.Scoring.Platform;

/// <summary>
/// A job_runs row (migration 0009): one attempt of a job; instants in Unix ms. A class with
/// properties rather than a positional record: SQLite reports no column type for a CAST
/// expression, and Dapper matches a record's constructor by exact column types.
/// </summary>
public sealed class JobRunRow
{
    /// <summary>The select list that fills this class (attempt cast so both engines report BIGINT).</summary>
    public const string Columns = """
        run_id AS RunId, job AS Job, as_of AS AsOf, started_at AS StartedAt, finished_at AS FinishedAt,
        status AS Status, CAST(attempt AS BIGINT) AS Attempt, rows AS Rows, error AS Error, worker AS Worker
        """;

    public string RunId { get; init; } = "";

    public string Job { get; init; } = "";

    public string AsOf { get; init; } = "";

    public long StartedAt { get; init; }

    public long? FinishedAt { get; init; }

    public string Status { get; init; } = "";

    public long Attempt { get; init; }

    public long? Rows { get; init; }

    public string? Error { get; init; }

    public string Worker { get; init; } = "";

    public TimeSpan? Duration => FinishedAt is { } end ? TimeSpan.FromMilliseconds(end - StartedAt) : null;
}
