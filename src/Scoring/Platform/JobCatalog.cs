namespace Microcredit.Scoring.Platform;

/// <summary>
/// The platform's scheduled jobs by name, with their default schedules and what they do: the one
/// list that the job worker (src/Jobs JobRegistry, which adds each job's code) and the dashboard's
/// jobs page (which cannot reference the worker) both read.
/// </summary>
public static class JobCatalog
{
    /// <summary>The Quartz scheduler (cluster) name every worker uses; the dashboard reads the workers' triggers by it.</summary>
    public const string SchedulerName = "microcredit";

    /// <summary>The Quartz job and trigger group of the platform jobs.</summary>
    public const string QuartzGroup = "platform";

    /// <summary>A platform job: its name (<c>job_runs.job</c>, <c>Jobs:&lt;name&gt;</c>), default cron (Quartz syntax, UTC) and a one-line description.</summary>
    public sealed record Entry(string Name, string DefaultCron, string Description);

    public static Entry Ingest { get; } = new("ingest", "0 */5 * * * ?", "Imports the history files dropped into the inbox folder, one set at a time.");

    public static Entry Features { get; } = new("features", "0 0 1 * * ?", "Computes every merchant's feature snapshot as of the day.");

    public static Entry ScoreAndOffers { get; } = new("score-and-offers", "0 0 2 * * ?", "Scores every merchant with the champion, refreshes offers and order advance rates, freezes lines on early warnings.");

    public static Entry Servicing { get; } = new("servicing", "0 0 3 * * ?", "Places every loan in its delinquency bucket, writes off loans past the threshold, sums the open book.");

    public static Entry Monitoring { get; } = new("monitoring", "0 0 4 * * ?", "Measures the champion's score and feature PSI and its AUC and KS on matured loans; raises alerts.");

    public static Entry Retrain { get; } = new("retrain", "0 0 5 ? * SUN", "Trains a challenger on the matured history and compares it with the champion out of time.");

    /// <summary>Every job, in the order of a night: ingest, features, scoring, servicing, monitoring, retraining.</summary>
    public static IReadOnlyList<Entry> All { get; } = [Ingest, Features, ScoreAndOffers, Servicing, Monitoring, Retrain];

    /// <summary>The job called <paramref name="name"/>, or null.</summary>
    public static Entry? Find(string name) => All.FirstOrDefault(j => j.Name == name);
}
