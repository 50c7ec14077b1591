using Microcredit.Scoring.Platform;
using Microcredit.Scoring.Storage;
using Quartz;

namespace Microcredit.Jobs.Scheduling;

/// <summary>
/// The Quartz side of a platform job: thin, it hands the firing to the <see cref="JobRunner"/>
/// the scheduler carries in its context, which records <c>job_runs</c> and retries. Quartz makes
/// one instance per firing with the parameterless constructor, so nothing is injected here.
/// The job's name is its <see cref="JobKey"/> name. A firing for a dashboard request
/// (<see cref="JobRequestDispatch"/>) carries the request's id and as-of date in its data and
/// finishes the request with the run's outcome.
/// </summary>
public abstract class ScheduledJob : IJob
{
    /// <summary>The Quartz job group of every platform job.</summary>
    public const string Group = JobCatalog.QuartzGroup;

    /// <summary>The scheduler-context key of the <see cref="JobHost"/>.</summary>
    public const string HostKey = "microcredit.host";

    /// <summary>Trigger data: the <c>job_requests</c> row a firing runs for.</summary>
    public const string RequestKey = "requestId";

    /// <summary>Trigger data: the date the run is for (YYYY-MM-DD); empty = the runner's today.</summary>
    public const string AsOfKey = "asOf";

    public async Task Execute(IJobExecutionContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var host = (JobHost)context.Scheduler.Context[HostKey];
        var job = host.Find(context.JobDetail.Key.Name)
            ?? throw new JobExecutionException($"No platform job is named '{context.JobDetail.Key.Name}'.");
        var data = context.MergedJobDataMap;
        var requestId = data.ContainsKey(RequestKey) ? data.GetString(RequestKey) : null;
        DateOnly? asOf = data.ContainsKey(AsOfKey) && data.GetString(AsOfKey) is { Length: > 0 } day ? DbTime.DateFromDb(day) : null;
        JobRunner.Result result;
        try
        {
            result = await host.Runner.RunAsync(job, asOf, recovering: context.Recovering, context.CancellationToken);
        }
        catch (OperationCanceledException) when (requestId is not null)
        {
            await FinishAsync(host.Runner, requestId, JobRequests.Failed, null, "cancelled: the worker is shutting down");
            throw;
        }

        if (requestId is not null)
        {
            await FinishAsync(host.Runner, requestId, result.Succeeded ? JobRequests.Succeeded : JobRequests.Failed, result.RunId, result.Error);
        }
    }

    private static async Task FinishAsync(JobRunner runner, string requestId, string status, string? runId, string? error)
    {
        await using var connection = await runner.Database.OpenAsync(CancellationToken.None);
        await JobRequests.FinishAsync(connection, requestId, status, runId, error, runner.Time.GetUtcNow(), CancellationToken.None);
    }
}

[DisallowConcurrentExecution]
public sealed class IngestQuartzJob : ScheduledJob;

[DisallowConcurrentExecution]
public sealed class FeaturesQuartzJob : ScheduledJob;

[DisallowConcurrentExecution]
public sealed class ScoreAndOffersQuartzJob : ScheduledJob;
