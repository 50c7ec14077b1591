using Microcredit.Scoring.Platform;
using Microsoft.Extensions.Configuration;
using Quartz;

namespace Microcredit.Jobs.Scheduling;

/// <summary>
/// Turns the dashboard's "run now" requests into firings: every worker looks for pending
/// <c>job_requests</c> every <c>Jobs:Requests:PollInterval</c> (default 5 s), claims each with a
/// conditional UPDATE (so of several workers exactly one takes it), and triggers the job in its
/// scheduler with the request in the trigger's data. The firing runs like a scheduled one — on any
/// worker of the cluster, never beside another run of the same job, through the runner (job_runs,
/// retries) — and finishes the request (<see cref="ScheduledJob"/>).
/// </summary>
public static class JobRequestDispatch
{
    /// <summary>The poll's Quartz job (not a platform job: it records no job_runs).</summary>
    public static readonly JobKey Key = new("job-requests", "internal");

    /// <summary>At most this many requests are taken per poll; the rest wait for the next one.</summary>
    public const int BatchSize = 20;

    public static TimeSpan PollInterval(IConfiguration configuration) =>
        configuration.GetValue("Jobs:Requests:PollInterval", TimeSpan.FromSeconds(5));

    /// <summary>Claims and triggers the pending requests; returns how many this worker triggered.</summary>
    public static async Task<int> DispatchAsync(JobHost host, IScheduler scheduler, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(host);
        ArgumentNullException.ThrowIfNull(scheduler);
        var runner = host.Runner;
        await using var connection = await runner.Database.OpenAsync(cancellationToken);
        var triggered = 0;
        foreach (var request in await JobRequests.PendingAsync(connection, BatchSize, cancellationToken))
        {
            if (!await JobRequests.ClaimAsync(connection, request.RequestId, runner.Worker, runner.Time.GetUtcNow(), cancellationToken))
            {
                continue;
            }

            if (host.Find(request.Job) is not { } job)
            {
                await JobRequests.FinishAsync(connection, request.RequestId, JobRequests.Failed, null, $"No job is named '{request.Job}' on worker {runner.Worker}.", runner.Time.GetUtcNow(), cancellationToken);
                continue;
            }

            try
            {
                await scheduler.TriggerJob(
                    new JobKey(job.Name, ScheduledJob.Group),
                    new JobDataMap { [ScheduledJob.RequestKey] = request.RequestId, [ScheduledJob.AsOfKey] = request.AsOf ?? "" },
                    cancellationToken);
                triggered++;
            }
            catch (SchedulerException ex)
            {
                await JobRequests.FinishAsync(connection, request.RequestId, JobRequests.Failed, null, JobRunner.Describe(ex), runner.Time.GetUtcNow(), CancellationToken.None);
            }
        }

        return triggered;
    }
}

/// <summary>The Quartz job of the poll; one firing at a time per worker (and, clustered, per cluster).</summary>
[DisallowConcurrentExecution]
public sealed class JobRequestPollJob : IJob
{
    public Task Execute(IJobExecutionContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return JobRequestDispatch.DispatchAsync((JobHost)context.Scheduler.Context[ScheduledJob.HostKey], context.Scheduler, context.CancellationToken);
    }
}
