using System.Collections.Specialized;
using System.Globalization;
using Microcredit.Scoring.Storage;
using Microsoft.Extensions.Configuration;
using Quartz;
using Quartz.Impl;

namespace Microcredit.Jobs.Scheduling;

/// <summary>
/// The Quartz scheduler of a worker: the ADO job store (JobStoreTX) in the platform's own database
/// (tables of migration 0008, prefix QRTZ_), clustered, so that every worker on one PostgreSQL
/// shares the triggers and each firing runs on one worker only (SQLite: one unclustered worker). Every job gets a cron trigger
/// from <see cref="JobSchedules"/>; a firing runs through the <see cref="JobRunner"/>.
/// </summary>
public static class JobScheduler
{
    /// <summary>The Quartz scheduler name: the cluster's name, the same on every worker.</summary>
    public const string SchedulerName = Scoring.Platform.JobCatalog.SchedulerName;

    /// <summary>Creates and starts a worker's scheduler (<see cref="CreateAsync"/>, then Start).</summary>
    public static async Task<IScheduler> StartAsync(
        Database database,
        TimeProvider time,
        IConfiguration configuration,
        IReadOnlyList<JobDefinition> jobs,
        string? instanceId = null,
        CancellationToken cancellationToken = default)
    {
        var scheduler = await CreateAsync(database, time, configuration, jobs, instanceId, cancellationToken);
        await scheduler.Start(cancellationToken);
        return scheduler;
    }

    /// <summary>
    /// Creates a worker's scheduler, not yet started, after putting every job and its trigger in the
    /// store (a trigger whose cron is unchanged is left alone, so a restart does not move its next firing).
    /// </summary>
    /// <param name="instanceId">The worker's id in the cluster; null lets Quartz make one (host name and time).</param>
    public static async Task<IScheduler> CreateAsync(
        Database database,
        TimeProvider time,
        IConfiguration configuration,
        IReadOnlyList<JobDefinition> jobs,
        string? instanceId = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(database);
        ArgumentNullException.ThrowIfNull(jobs);
        var factory = new StdSchedulerFactory(Properties(database, configuration, instanceId));
        var scheduler = await factory.GetScheduler(cancellationToken);
        scheduler.Context[ScheduledJob.HostKey] = new JobHost(new JobRunner(database, time, configuration, scheduler.SchedulerInstanceId), jobs);
        foreach (var job in jobs)
        {
            await ScheduleAsync(scheduler, job, JobSchedules.CronOf(job, configuration), cancellationToken);
        }

        await SchedulePollAsync(scheduler, JobRequestDispatch.PollInterval(configuration), cancellationToken);
        return scheduler;
    }

    /// <summary>The Quartz properties: the configured database, clustering, string-only job data.</summary>
    internal static NameValueCollection Properties(Database database, IConfiguration configuration, string? instanceId)
    {
        var postgres = database.Engine == DatabaseEngine.Postgres;
        var threads = configuration.GetValue("Jobs:Threads", 2);
        var checkin = configuration.GetValue("Jobs:ClusterCheckinInterval", TimeSpan.FromSeconds(15));
        return new NameValueCollection
        {
            ["quartz.scheduler.instanceName"] = SchedulerName,
            ["quartz.scheduler.instanceId"] = instanceId ?? "AUTO",
            ["quartz.threadPool.maxConcurrency"] = threads.ToString(CultureInfo.InvariantCulture),
            ["quartz.jobStore.type"] = "Quartz.Impl.AdoJobStore.JobStoreTX, Quartz",
            ["quartz.jobStore.driverDelegateType"] = postgres
                ? "Quartz.Impl.AdoJobStore.PostgreSQLDelegate, Quartz"
                : "Quartz.Impl.AdoJobStore.SQLiteDelegate, Quartz",
            ["quartz.jobStore.dataSource"] = "platform",
            ["quartz.jobStore.tablePrefix"] = "QRTZ_",
            // Quartz refuses clustering on SQLite (its lock rows cannot be held across processes
            // there): the embedded default runs one worker per database file.
            ["quartz.jobStore.clustered"] = postgres ? "true" : "false",
            ["quartz.jobStore.clusterCheckinInterval"] = ((long)checkin.TotalMilliseconds).ToString(CultureInfo.InvariantCulture),
            // Triggers are acquired under the cluster lock, so two workers never take the same one.
            ["quartz.jobStore.acquireTriggersWithinLock"] = "true",
            ["quartz.jobStore.useProperties"] = "true",
            ["quartz.serializer.type"] = typeof(StringPropertiesSerializer).AssemblyQualifiedName,
            ["quartz.dataSource.platform.connectionString"] = database.ConnectionString,
            ["quartz.dataSource.platform.provider"] = postgres ? "Npgsql" : "SQLite-Microsoft",
        };
    }

    /// <summary>The poll for the dashboard's run requests (<see cref="JobRequestDispatch"/>), stored like the jobs: left alone when its interval is unchanged.</summary>
    private static async Task SchedulePollAsync(IScheduler scheduler, TimeSpan interval, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(interval, TimeSpan.FromMilliseconds(100), "Jobs:Requests:PollInterval");
        var key = JobRequestDispatch.Key;
        var triggerKey = new TriggerKey(key.Name, key.Group);
        if (await scheduler.GetTrigger(triggerKey, cancellationToken) is ISimpleTrigger existing
            && existing.RepeatInterval == interval
            && await scheduler.CheckExists(key, cancellationToken))
        {
            return;
        }

        var detail = JobBuilder.Create<JobRequestPollJob>().WithIdentity(key).WithDescription("Claims the dashboard's run requests").StoreDurably().Build();
        var trigger = TriggerBuilder.Create()
            .WithIdentity(triggerKey)
            .ForJob(key)
            .StartNow()
            // Polls missed while no worker ran are not made up: the next one sees every pending request.
            .WithSimpleSchedule(s => s.WithInterval(interval).RepeatForever().WithMisfireHandlingInstructionNextWithRemainingCount())
            .Build();
        await scheduler.ScheduleJob(detail, [trigger], replace: true, cancellationToken);
    }

    private static async Task ScheduleAsync(IScheduler scheduler, JobDefinition job, string cron, CancellationToken cancellationToken)
    {
        var jobKey = new JobKey(job.Name, ScheduledJob.Group);
        var triggerKey = new TriggerKey(job.Name, ScheduledJob.Group);
        if (await scheduler.GetTrigger(triggerKey, cancellationToken) is ICronTrigger existing
            && existing.CronExpressionString == cron
            && await scheduler.CheckExists(jobKey, cancellationToken))
        {
            return;
        }

        var detail = JobBuilder.Create(job.QuartzJob)
            .WithIdentity(jobKey)
            .WithDescription($"Platform job {job.Name}")
            .StoreDurably()
            // A worker that dies mid-run: another worker runs the job again (the jobs are idempotent).
            .RequestRecovery()
            .Build();
        var trigger = TriggerBuilder.Create()
            .WithIdentity(triggerKey)
            .ForJob(jobKey)
            // A firing missed while no worker ran (all down at 02:00) runs once as soon as one starts.
            .WithCronSchedule(cron, c => c.InTimeZone(TimeZoneInfo.Utc).WithMisfireHandlingInstructionFireAndProceed())
            .Build();
        await scheduler.ScheduleJob(detail, [trigger], replace: true, cancellationToken);
    }
}
