using Microcredit.Jobs.Ingest;
using Microcredit.Jobs.Offers;

namespace Microcredit.Jobs.Scheduling;

/// <summary>The platform's jobs by name, in the order of a night: ingest, features, scoring, servicing, monitoring, retraining.</summary>
public static partial class JobRegistry
{
    public static IReadOnlyList<JobDefinition> All { get; } =
    [
        new("ingest", "0 */5 * * * ?", typeof(IngestQuartzJob), IngestJob.RunAsync),
        new("features", "0 0 1 * * ?", typeof(FeaturesQuartzJob), Features.FeaturesJob.RunAsync),
        new("score-and-offers", "0 0 2 * * ?", typeof(ScoreAndOffersQuartzJob), ScoreAndOffersJob.RunAsync),
        .. MonitorJobs(),
    ];

    /// <summary>The job called <paramref name="name"/>, or null.</summary>
    public static JobDefinition? Find(string name) => All.FirstOrDefault(j => j.Name == name);
}
