using Quartz;

namespace Microcredit.Jobs.Scheduling;

/// <summary>
/// The Quartz side of a platform job: thin, it hands the firing to the <see cref="JobRunner"/>
/// the scheduler carries in its context, which records <c>job_runs</c> and retries. Quartz makes
/// one instance per firing with the parameterless constructor, so nothing is injected here.
/// The job's name is its <see cref="JobKey"/> name.
/// </summary>
public abstract class ScheduledJob : IJob
{
    /// <summary>The Quartz job group of every platform job.</summary>
    public const string Group = "platform";

    /// <summary>The scheduler-context key of the <see cref="JobHost"/>.</summary>
    public const string HostKey = "microcredit.host";

    public async Task Execute(IJobExecutionContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var host = (JobHost)context.Scheduler.Context[HostKey];
        var job = host.Find(context.JobDetail.Key.Name)
            ?? throw new JobExecutionException($"No platform job is named '{context.JobDetail.Key.Name}'.");
        await host.Runner.RunAsync(job, asOf: null, recovering: context.Recovering, context.CancellationToken);
    }
}

[DisallowConcurrentExecution]
public sealed class IngestQuartzJob : ScheduledJob;

[DisallowConcurrentExecution]
public sealed class FeaturesQuartzJob : ScheduledJob;

[DisallowConcurrentExecution]
public sealed class ScoreAndOffersQuartzJob : ScheduledJob;
