using Microcredit.Jobs.Ingest;
using Microcredit.Jobs.Offers;
using Microcredit.Scoring.Platform;

namespace Microcredit.Jobs.Scheduling;

/// <summary>
/// The code of each job of <see cref="JobCatalog"/> (names, default schedules and descriptions are
/// there, where the dashboard reads them too), in the catalog's order.
/// </summary>
public static partial class JobRegistry
{
    public static IReadOnlyList<JobDefinition> All { get; } =
    [
        Define(JobCatalog.Ingest, typeof(IngestQuartzJob), IngestJob.RunAsync),
        Define(JobCatalog.Features, typeof(FeaturesQuartzJob), Features.FeaturesJob.RunAsync),
        Define(JobCatalog.ScoreAndOffers, typeof(ScoreAndOffersQuartzJob), ScoreAndOffersJob.RunAsync),
        .. MonitorJobs(),
    ];

    /// <summary>The job called <paramref name="name"/>, or null.</summary>
    public static JobDefinition? Find(string name) => All.FirstOrDefault(j => j.Name == name);

    private static JobDefinition Define(JobCatalog.Entry entry, Type quartzJob, Func<JobContext, CancellationToken, Task<JobOutcome>> run) =>
        new(entry.Name, entry.DefaultCron, quartzJob, run);
}
