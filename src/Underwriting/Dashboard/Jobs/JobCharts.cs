using Microcredit.Scoring.Platform;
using Microcredit.Underwriting.Dashboard.Charts;

namespace Microcredit.Underwriting.Dashboard.Jobs;

/// <summary>The jobs page's chart: each job's latest finished run and the mean of its latest succeeded runs, in seconds.</summary>
public static class JobCharts
{
    public static ChartBlock Durations(JobsReport report) => new(
        "durations-data",
        "Run durations by job",
        new ChartSpec(
            ChartSpec.Bar,
            [.. report.Jobs.Select(j => j.Job.Name)],
            [
                new ChartSeries("latest run (s)", [.. report.Jobs.Select(j => Seconds(j.Runs.FirstOrDefault(r => r.Duration is not null)?.Duration))]),
                new ChartSeries($"mean of the last {JobQueries.RunsPerJob} succeeded (s)", [.. report.Jobs.Select(j => Mean(j.Runs.Where(r => r.Status == "succeeded")))]),
            ],
            YTitle: "seconds"));

    public static bool HasRuns(JobsReport report) => report.Jobs.Any(j => j.Runs.Any(r => r.Duration is not null));

    private static decimal? Seconds(TimeSpan? duration) => duration is { } d ? Math.Round((decimal)d.TotalSeconds, 2) : null;

    private static decimal? Mean(IEnumerable<JobRunRow> runs)
    {
        var durations = runs.Where(r => r.Duration is not null).Select(r => r.Duration!.Value.TotalSeconds).ToList();
        return durations.Count == 0 ? null : Math.Round((decimal)durations.Average(), 2);
    }
}
