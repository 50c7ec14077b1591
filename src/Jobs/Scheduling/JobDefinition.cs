namespace Microcredit.Jobs.Scheduling;

/// <summary>
/// A platform job as the scheduler knows it: its name (the <c>job_runs.job</c> value and the
/// <c>Jobs:&lt;name&gt;</c> configuration section), its default cron schedule (UTC, Quartz syntax:
/// seconds first), the Quartz job class that fires it, and the service that does the work.
/// </summary>
public sealed record JobDefinition(
    string Name,
    string DefaultCron,
    Type QuartzJob,
    Func<JobContext, CancellationToken, Task<JobOutcome>> RunAsync);
