using Microcredit.Scoring.Platform;
using Microcredit.Scoring.Storage;

namespace Microcredit.Underwriting.Dashboard.Jobs;

/// <summary>One job of the catalog with its stored trigger (if a worker stored one) and its latest runs, newest first.</summary>
public sealed record JobView(JobCatalog.Entry Job, TriggerRow? Trigger, IReadOnlyList<JobRunRow> Runs)
{
    public JobRunRow? Last => Runs.Count > 0 ? Runs[0] : null;

    /// <summary>The schedule the workers use (stored in Quartz), else the catalog's default.</summary>
    public string Cron => Trigger?.Cron ?? Job.DefaultCron;
}

/// <summary>What the jobs page shows: every job of <see cref="JobCatalog"/>, the latest failures, the run requests and the workers.</summary>
public sealed record JobsReport(
    IReadOnlyList<JobView> Jobs,
    IReadOnlyList<JobRunRow> Failures,
    IReadOnlyList<JobRequests.Request> Requests,
    IReadOnlyList<WorkerRow> Workers)
{
    /// <summary>Requests listed: the open ones first, then the latest finished.</summary>
    public const int RequestLimit = 20;

    public static async Task<JobsReport> LoadAsync(Database database, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(database);
        await using var connection = await database.OpenAsync(cancellationToken);
        var runs = await JobQueries.RecentRunsAsync(connection, JobCatalog.All.Select(j => j.Name), cancellationToken);
        var triggers = (await JobQueries.TriggersAsync(connection, cancellationToken)).ToDictionary(t => t.Job, StringComparer.Ordinal);
        return new JobsReport(
            [.. JobCatalog.All.Select(j => new JobView(j, triggers.GetValueOrDefault(j.Name), runs[j.Name]))],
            await JobQueries.FailuresAsync(connection, cancellationToken),
            await JobRequests.RecentAsync(connection, RequestLimit, cancellationToken),
            await JobQueries.WorkersAsync(connection, cancellationToken));
    }
}
