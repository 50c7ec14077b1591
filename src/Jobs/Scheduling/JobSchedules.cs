using Microsoft.Extensions.Configuration;
using Quartz;

namespace Microcredit.Jobs.Scheduling;

/// <summary>Each job's cron schedule: <c>Jobs:&lt;name&gt;:Cron</c> (Quartz syntax, UTC), else the job's default.</summary>
public static class JobSchedules
{
    public static string CronOf(JobDefinition job, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(job);
        ArgumentNullException.ThrowIfNull(configuration);
        var cron = configuration[$"Jobs:{job.Name}:Cron"];
        cron = string.IsNullOrWhiteSpace(cron) ? job.DefaultCron : cron.Trim();
        if (!CronExpression.IsValidExpression(cron))
        {
            throw new FormatException($"Jobs:{job.Name}:Cron '{cron}' is not a Quartz cron expression (seconds minutes hours day-of-month month day-of-week, e.g. '0 0 2 * * ?').");
        }

        return cron;
    }

    /// <summary>The next time the schedule fires after <paramref name="after"/>, in UTC.</summary>
    public static DateTimeOffset? NextFire(string cron, DateTimeOffset after) =>
        new CronExpression(cron) { TimeZone = TimeZoneInfo.Utc }.GetNextValidTimeAfter(after);
}
