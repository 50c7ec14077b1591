using System.Data.Common;
using Dapper;
using Microcredit.Scoring.Platform;

namespace Microcredit.Underwriting.Dashboard.Jobs;

/// <summary>A job's trigger as the workers stored it in Quartz's tables (migration 0008): cron and next firing (.NET ticks, UTC).</summary>
public sealed record TriggerRow(string Job, string? Cron, long? NextFireTime, string State)
{
    public DateTimeOffset? NextFire => NextFireTime is { } ticks && ticks > 0 ? new DateTimeOffset(ticks, TimeSpan.Zero) : null;
}

/// <summary>A clustered worker's last check-in (Quartz's scheduler state, .NET ticks).</summary>
public sealed record WorkerRow(string Instance, long LastCheckin, long CheckinInterval)
{
    public DateTimeOffset LastSeen => new(LastCheckin, TimeSpan.Zero);
}

/// <summary>The jobs page's reads: each job's latest runs, the latest failures, the stored triggers and workers.</summary>
public static class JobQueries
{
    /// <summary>Runs listed per job, newest first.</summary>
    public const int RunsPerJob = 10;

    /// <summary>Failures listed, newest first, over all jobs.</summary>
    public const int FailureLimit = 20;

    /// <summary>The latest <see cref="RunsPerJob"/> runs of each job, newest first: one short indexed query per job (ix_job_runs_job).</summary>
    public static async Task<IReadOnlyDictionary<string, IReadOnlyList<JobRunRow>>> RecentRunsAsync(DbConnection connection, IEnumerable<string> jobs, CancellationToken cancellationToken)
    {
        var runs = new Dictionary<string, IReadOnlyList<JobRunRow>>(StringComparer.Ordinal);
        foreach (var job in jobs)
        {
            runs[job] = [.. await connection.QueryAsync<JobRunRow>(new CommandDefinition(
                $"SELECT {JobRunRow.Columns} FROM job_runs WHERE job = @job ORDER BY started_at DESC, attempt DESC, run_id LIMIT @limit",
                new { job, limit = RunsPerJob },
                cancellationToken: cancellationToken))];
        }

        return runs;
    }

    /// <summary>The latest failed attempts of any job (ix_job_runs_failed).</summary>
    public static async Task<IReadOnlyList<JobRunRow>> FailuresAsync(DbConnection connection, CancellationToken cancellationToken) =>
        [.. await connection.QueryAsync<JobRunRow>(new CommandDefinition(
            $"SELECT {JobRunRow.Columns} FROM job_runs WHERE status = 'failed' ORDER BY started_at DESC, run_id LIMIT @limit",
            new { limit = FailureLimit },
            cancellationToken: cancellationToken))];

    /// <summary>The platform jobs' triggers the workers stored (none before a worker first started).</summary>
    public static async Task<IReadOnlyList<TriggerRow>> TriggersAsync(DbConnection connection, CancellationToken cancellationToken) =>
        [.. await connection.QueryAsync<TriggerRow>(new CommandDefinition(
            """
            SELECT t.trigger_name AS Job, c.cron_expression AS Cron, t.next_fire_time AS NextFireTime, t.trigger_state AS State
            FROM qrtz_triggers t
            LEFT JOIN qrtz_cron_triggers c ON c.sched_name = t.sched_name AND c.trigger_name = t.trigger_name AND c.trigger_group = t.trigger_group
            WHERE t.sched_name = @scheduler AND t.trigger_group = @group
            """,
            new { scheduler = JobCatalog.SchedulerName, group = JobCatalog.QuartzGroup },
            cancellationToken: cancellationToken))];

    /// <summary>The workers of a cluster (PostgreSQL) with their last check-in; an unclustered worker (SQLite) records none.</summary>
    public static async Task<IReadOnlyList<WorkerRow>> WorkersAsync(DbConnection connection, CancellationToken cancellationToken) =>
        [.. await connection.QueryAsync<WorkerRow>(new CommandDefinition(
            """
            SELECT instance_name AS Instance, last_checkin_time AS LastCheckin, checkin_interval AS CheckinInterval
            FROM qrtz_scheduler_state WHERE sched_name = @scheduler ORDER BY instance_name
            """,
            new { scheduler = JobCatalog.SchedulerName },
            cancellationToken: cancellationToken))];

}
