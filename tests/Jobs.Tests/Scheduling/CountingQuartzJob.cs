using Microcredit.Jobs.Scheduling;
using Quartz;

namespace Microcredit.Jobs.Tests.Scheduling;

/// <summary>The Quartz class of the tests' own job, registered like the platform's.</summary>
[DisallowConcurrentExecution]
public sealed class CountingQuartzJob : ScheduledJob
{
    public static readonly JobKey Key = new("counting", Group);
}

/// <summary>A second test job, so that two workers have two non-concurrent jobs to share.</summary>
[DisallowConcurrentExecution]
public sealed class OtherCountingQuartzJob : ScheduledJob
{
    public static readonly JobKey Key = new("counting-other", Group);
}
