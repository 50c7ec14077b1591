using Dapper;
using Microcredit.Scoring.Platform;
using Microcredit.Scoring.Storage;

namespace Microcredit.Jobs.Scheduling;

/// <summary>The <c>job_runs</c> table (migration 0009): one row per attempt, written as it starts and as it ends.</summary>
public static class JobRunStore
{
    /// <summary>A run as stored; instants as <see cref="DateTimeOffset"/>.</summary>
    public sealed record JobRun(
        string RunId,
        string Job,
        DateOnly AsOf,
        DateTimeOffset StartedAt,
        DateTimeOffset? FinishedAt,
        string Status,
        int Attempt,
        long? Rows,
        string? Error,
        string Worker);

    public const string Running = "running";
    public const string Succeeded = "succeeded";
    public const string Failed = "failed";

    public static async Task StartAsync(Database database, string runId, string job, DateOnly asOf, int attempt, string worker, DateTimeOffset at, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO job_runs (run_id, job, as_of, started_at, status, attempt, worker)
            VALUES (@RunId, @Job, @AsOf, @At, 'running', @Attempt, @Worker)
            """,
            new { RunId = runId, Job = job, AsOf = DbTime.ToDb(asOf), At = DbTime.ToDb(at), Attempt = attempt, Worker = worker },
            cancellationToken: cancellationToken));
    }

    public static async Task FinishAsync(Database database, string runId, string status, long? rows, string? error, DateTimeOffset at, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(
            "UPDATE job_runs SET status = @Status, finished_at = @At, rows = @Rows, error = @Error WHERE run_id = @RunId",
            new { RunId = runId, Status = status, At = DbTime.ToDb(at), Rows = rows, Error = error },
            cancellationToken: cancellationToken));
    }

    /// <summary>
    /// Marks the job's runs still 'running' as failed: called when Quartz recovers a firing whose
    /// worker died, so the dead attempt does not look as if it were still going.
    /// </summary>
    public static async Task<int> AbandonAsync(Database database, string job, string worker, DateTimeOffset at, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await connection.ExecuteAsync(new CommandDefinition(
            "UPDATE job_runs SET status = 'failed', finished_at = @At, error = @Error WHERE job = @Job AND status = 'running'",
            new { Job = job, At = DbTime.ToDb(at), Error = $"abandoned: its worker stopped mid-run; recovered by {worker}" },
            cancellationToken: cancellationToken));
    }

    /// <summary>Every run of <paramref name="job"/>, oldest first.</summary>
    public static async Task<IReadOnlyList<JobRun>> ForJobAsync(Database database, string job, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<JobRunRow>(new CommandDefinition(
            $"SELECT {JobRunRow.Columns} FROM job_runs WHERE job = @Job ORDER BY started_at, attempt, run_id",
            new { Job = job },
            cancellationToken: cancellationToken));
        return [.. rows.Select(ToRun)];
    }

    /// <summary>The latest run of each job that has run.</summary>
    public static async Task<IReadOnlyDictionary<string, JobRun>> LatestAsync(Database database, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<JobRunRow>(new CommandDefinition(
            $"""
            SELECT {JobRunRow.Columns} FROM job_runs r
            WHERE r.started_at = (SELECT max(l.started_at) FROM job_runs l WHERE l.job = r.job)
            ORDER BY r.job, r.attempt, r.run_id
            """,
            cancellationToken: cancellationToken));
        var latest = new Dictionary<string, JobRun>(StringComparer.Ordinal);
        foreach (var row in rows)
        {
            latest[row.Job] = ToRun(row);
        }

        return latest;
    }

    private static JobRun ToRun(JobRunRow row) => new(
        row.RunId, row.Job, DbTime.DateFromDb(row.AsOf), DbTime.FromDb(row.StartedAt), row.FinishedAt is { } f ? DbTime.FromDb(f) : null,
        row.Status, checked((int)row.Attempt), row.Rows, row.Error, row.Worker);
}
