using Microcredit.Scoring.Platform;
using Quartz;

namespace Microcredit.Jobs.Scheduling;

// The jobs of the monitor branch (src/Jobs/Servicing, Monitoring, Retraining), kept in this file
// with their Quartz classes.
public static partial class JobRegistry
{
    // A method, not a field: the other part's static initializer reads it, and the initialization
    // order of static fields across partial files is not defined.
    private static JobDefinition[] MonitorJobs() =>
    [
        Define(JobCatalog.Servicing, typeof(ServicingQuartzJob), Servicing.ServicingJob.RunAsync),
        Define(JobCatalog.Monitoring, typeof(MonitoringQuartzJob), Monitoring.MonitoringJob.RunAsync),
        Define(JobCatalog.Retrain, typeof(RetrainQuartzJob), Retraining.RetrainJob.RunAsync),
    ];
}

[DisallowConcurrentExecution]
public sealed class ServicingQuartzJob : ScheduledJob;

[DisallowConcurrentExecution]
public sealed class MonitoringQuartzJob : ScheduledJob;

[DisallowConcurrentExecution]
public sealed class RetrainQuartzJob : ScheduledJob;
