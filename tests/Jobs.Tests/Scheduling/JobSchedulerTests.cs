using Dapper;
using Microcredit.Jobs.Scheduling;
using Microcredit.Scoring.Storage;
using Microcredit.Tests;
using Quartz;

namespace Microcredit.Jobs.Tests.Scheduling;

/// <summary>Quartz on the ADO job store in our database: jobs and cron triggers stored, firings run through the runner, a cluster runs each firing once.</summary>
[Collection(QuartzTests.Name)]
public class JobSchedulerTests
{
    /// <summary>Never fires by itself: the tests fire it.</summary>
    private const string Never = "0 0 0 1 1 ? 2099";

    [Theory, Engines]
    public async Task Scheduler_StoresEveryJobWithItsCron_AndAFiringIsRecordedInJobRuns(DatabaseEngine engine)
    {
        await using var test = await TestDatabase.CreateAsync(engine);
        var runs = 0;
        var counting = new JobDefinition("counting", Never, typeof(CountingQuartzJob), (_, _) =>
        {
            Interlocked.Increment(ref runs);
            return Task.FromResult(new JobOutcome(3, "counted"));
        });
        var jobs = JobRegistry.All.Select(j => j with { DefaultCron = j.Name == "features" ? j.DefaultCron : Never }).Append(counting).ToList();
        var configuration = JobTestKit.Configuration(("Jobs:features:Cron", "0 30 1 * * ?"));

        var scheduler = await JobScheduler.StartAsync(test.Database, TimeProvider.System, configuration, jobs, "worker-a");
        try
        {
            await using (var connection = await test.Database.OpenAsync())
            {
                var crons = (await connection.QueryAsync<(string, string)>(
                    "SELECT trigger_name, cron_expression FROM qrtz_cron_triggers WHERE sched_name = 'microcredit' ORDER BY trigger_name")).ToList();
                Assert.Equal(jobs.Select(j => j.Name).Order(StringComparer.Ordinal), crons.Select(c => c.Item1));
                Assert.Equal("0 30 1 * * ?", crons.Single(c => c.Item1 == "features").Item2);
                Assert.Equal(Never, crons.Single(c => c.Item1 == "ingest").Item2);
            }

            await scheduler.TriggerJob(CountingQuartzJob.Key);
            await WaitUntilAsync(async () => await JobTestKit.CountAsync(test.Database, "SELECT count(*) FROM job_runs WHERE job LIKE 'counting%' AND status = 'succeeded'") == 1);
        }
        finally
        {
            await scheduler.Shutdown(waitForJobsToComplete: true);
        }

        var run = Assert.Single(await JobRunStore.ForJobAsync(test.Database, "counting", CancellationToken.None));
        Assert.Equal(3, run.Rows);
        Assert.Equal("worker-a", run.Worker);
        Assert.Equal(1, runs);
    }

    [PostgresFact]
    public async Task TwoWorkersOnOnePostgres_RunEachDueFiringOnce()
    {
        await using var test = await TestDatabase.CreateAsync(DatabaseEngine.Postgres);
        var runs = 0;
        var counting = new JobDefinition("counting", Never, typeof(CountingQuartzJob), async (_, cancellationToken) =>
        {
            Interlocked.Increment(ref runs);
            // Long enough that the other worker looks for work while this one holds the firing.
            await Task.Delay(50, cancellationToken);
            return new JobOutcome(1, "counted");
        });
        IReadOnlyList<JobDefinition> jobs = [counting, counting with { Name = "counting-other", QuartzJob = typeof(OtherCountingQuartzJob) }];
        var configuration = JobTestKit.Configuration();

        var first = await JobScheduler.CreateAsync(test.Database, TimeProvider.System, configuration, jobs, "worker-1");
        // Quartz hands out one scheduler per name per process; two workers in one process need the
        // first forgotten by its process-wide repository (it keeps running).
        Quartz.Impl.SchedulerRepository.Instance.Remove(JobScheduler.SchedulerName);
        var second = await JobScheduler.CreateAsync(test.Database, TimeProvider.System, configuration, jobs, "worker-2");
        const int firings = 6;
        try
        {
            Assert.NotSame(first, second);
            var due = DateTimeOffset.FromUnixTimeMilliseconds(DbTime.ToDb(TimeProvider.System.GetUtcNow()) + 2000);
            for (var i = 0; i < firings; i++)
            {
                // One-shot triggers, all due at once, put in through one worker before either
                // starts: the store is shared, and both workers go for them from their first look.
                await first.ScheduleJob(TriggerBuilder.Create().WithIdentity($"due-{i}", "test").ForJob(i % 2 == 0 ? CountingQuartzJob.Key : OtherCountingQuartzJob.Key).StartAt(due).Build());
            }

            await first.Start();
            await second.Start();
            await WaitUntilAsync(async () => await JobTestKit.CountAsync(test.Database, "SELECT count(*) FROM qrtz_scheduler_state WHERE sched_name = 'microcredit'") == 2);

            // Done when no test trigger is left to fire and no platform job runs on either worker
            // (the run-request poll, group internal, is always acquired or firing somewhere).
            await WaitUntilAsync(async () =>
                await JobTestKit.CountAsync(test.Database, "SELECT count(*) FROM qrtz_triggers WHERE trigger_group = 'test'") == 0
                && await JobTestKit.CountAsync(test.Database, "SELECT count(*) FROM qrtz_fired_triggers WHERE trigger_group = 'test'") == 0
                && !(await first.GetCurrentlyExecutingJobs()).Any(j => j.JobDetail.Key.Group == ScheduledJob.Group)
                && !(await second.GetCurrentlyExecutingJobs()).Any(j => j.JobDetail.Key.Group == ScheduledJob.Group));
        }
        finally
        {
            await first.Shutdown(waitForJobsToComplete: true);
            await second.Shutdown(waitForJobsToComplete: true);
        }

        Assert.Equal(firings, runs);
        Assert.Equal(firings / 2, await JobTestKit.CountAsync(test.Database, "SELECT count(*) FROM job_runs WHERE job = 'counting-other'"));
        Assert.Equal(firings, await JobTestKit.CountAsync(test.Database, "SELECT count(*) FROM job_runs WHERE job LIKE 'counting%'"));
        Assert.Equal(firings, await JobTestKit.CountAsync(test.Database, "SELECT count(*) FROM job_runs WHERE job LIKE 'counting%' AND status = 'succeeded'"));
        Assert.Equal(0, await JobTestKit.CountAsync(test.Database, "SELECT count(*) FROM job_runs WHERE worker NOT IN ('worker-1', 'worker-2')"));
    }

    /// <summary>Polls until the condition holds; a minute without it fails the test (the wait is not what is tested).</summary>
    internal static async Task WaitUntilAsync(Func<Task<bool>> condition)
    {
        var deadline = TimeProvider.System.GetTimestamp() + (60 * TimeProvider.System.TimestampFrequency);
        while (!await condition())
        {
            if (TimeProvider.System.GetTimestamp() > deadline)
            {
                throw new TimeoutException("The scheduler did not get there within a minute.");
            }

            await Task.Delay(100);
        }
    }
}
