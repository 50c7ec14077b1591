using Dapper;
using Microcredit.Jobs.Scheduling;
using Microcredit.Scoring.Platform;
using Microcredit.Scoring.Storage;
using Microcredit.Tests;

namespace Microcredit.Jobs.Tests.Scheduling;

/// <summary>The dashboard's "run now": a request in job_requests, claimed by one worker, fired through the runner, finished with its run.</summary>
[Collection(QuartzTests.Name)]
public class JobRequestTests
{
    /// <summary>Never fires by itself: only the requests fire it.</summary>
    private const string Never = "0 0 0 1 1 ? 2099";

    private static readonly DateTimeOffset Now = new(2026, 11, 2, 9, 0, 0, TimeSpan.Zero);

    [Theory, Engines]
    public async Task A_pending_request_is_claimed_fired_through_the_runner_and_finished_with_its_run(DatabaseEngine engine)
    {
        await using var test = await TestDatabase.CreateAsync(engine);
        DateOnly? ranFor = null;
        var counting = new JobDefinition("counting", Never, typeof(CountingQuartzJob), (context, _) =>
        {
            ranFor = context.AsOf;
            return Task.FromResult(new JobOutcome(4, "counted"));
        });
        var requestId = await AddAsync(test.Database, "counting", new DateOnly(2026, 10, 15));

        var scheduler = await JobScheduler.StartAsync(test.Database, TimeProvider.System, FastPoll(), [counting], "worker-a");
        IReadOnlyList<Underwriting.Dashboard.Jobs.TriggerRow> triggers;
        try
        {
            await JobSchedulerTests.WaitUntilAsync(async () => (await RequestAsync(test.Database, requestId!)).Status == JobRequests.Succeeded);
            await using var connection = await test.Database.OpenAsync();
            triggers = await Underwriting.Dashboard.Jobs.JobQueries.TriggersAsync(connection, CancellationToken.None);
        }
        finally
        {
            await scheduler.Shutdown(waitForJobsToComplete: true);
        }

        var request = await RequestAsync(test.Database, requestId!);
        var run = Assert.Single(await JobRunStore.ForJobAsync(test.Database, "counting", CancellationToken.None));
        Assert.Equal(new DateOnly(2026, 10, 15), ranFor);
        Assert.Equal((JobRunStore.Succeeded, 1, 4L, "worker-a", new DateOnly(2026, 10, 15)), (run.Status, run.Attempt, run.Rows!.Value, run.Worker, run.AsOf));
        Assert.Equal(("li.wei", "worker-a", run.RunId, null), (request.RequestedBy, request.ClaimedBy, request.RunId, request.Error));
        Assert.NotNull(request.FinishedAt);
        // What the dashboard's jobs page reads of the stored trigger: the cron, and the next firing from Quartz's ticks.
        var trigger = Assert.Single(triggers);
        Assert.Equal(("counting", Never), (trigger.Job, trigger.Cron));
        Assert.Equal(new DateTimeOffset(2099, 1, 1, 0, 0, 0, TimeSpan.Zero), trigger.NextFire);
    }

    [Theory, Engines]
    public async Task A_request_whose_job_fails_every_attempt_finishes_failed_with_the_last_attempts_error(DatabaseEngine engine)
    {
        await using var test = await TestDatabase.CreateAsync(engine);
        var calls = 0;
        var failing = new JobDefinition("counting", Never, typeof(CountingQuartzJob), (_, _) =>
        {
            calls++;
            throw new InvalidOperationException($"no data, attempt {calls}");
        });
        var requestId = await AddAsync(test.Database, "counting", asOf: null);

        var scheduler = await JobScheduler.StartAsync(test.Database, TimeProvider.System, FastPoll(("Jobs:Retry:Attempts", "2")), [failing], "worker-a");
        try
        {
            await JobSchedulerTests.WaitUntilAsync(async () => (await RequestAsync(test.Database, requestId!)).Status == JobRequests.Failed);
        }
        finally
        {
            await scheduler.Shutdown(waitForJobsToComplete: true);
        }

        var request = await RequestAsync(test.Database, requestId!);
        var runs = await JobRunStore.ForJobAsync(test.Database, "counting", CancellationToken.None);
        Assert.Equal([1, 2], runs.Select(r => r.Attempt));
        Assert.Equal(runs[1].RunId, request.RunId);
        Assert.Equal("InvalidOperationException: no data, attempt 2", request.Error);
    }

    [Theory, Engines]
    public async Task Two_workers_claiming_the_same_requests_at_once_each_get_every_request_once(DatabaseEngine engine)
    {
        await using var test = await TestDatabase.CreateAsync(engine);
        var ids = new List<string>();
        for (var i = 0; i < 10; i++)
        {
            ids.Add((await AddAsync(test.Database, $"job-{i}", asOf: null))!);
        }

        async Task<List<string>> WorkerAsync(string worker)
        {
            await using var connection = await test.Database.OpenAsync();
            var won = new List<string>();
            foreach (var request in await JobRequests.PendingAsync(connection, 20))
            {
                if (await JobRequests.ClaimAsync(connection, request.RequestId, worker, Now))
                {
                    won.Add(request.RequestId);
                }
            }

            return won;
        }

        // Both read the same ten pending requests before either claims (the reads come first).
        var claims = await Task.WhenAll(WorkerAsync("worker-1"), WorkerAsync("worker-2"));

        Assert.Equal(ids.Order(StringComparer.Ordinal), claims.SelectMany(c => c).Order(StringComparer.Ordinal));
        await using var check = await test.Database.OpenAsync();
        var stored = (await check.QueryAsync<(string Id, string ClaimedBy)>("SELECT request_id, claimed_by FROM job_requests WHERE status = 'claimed'")).ToList();
        Assert.Equal(10, stored.Count);
        Assert.All(stored, s => Assert.Equal(claims[0].Contains(s.Id) ? "worker-1" : "worker-2", s.ClaimedBy));
    }

    [Theory, Engines]
    public async Task A_second_request_for_a_job_is_refused_while_the_first_is_pending_and_taken_once_it_was_claimed(DatabaseEngine engine)
    {
        await using var test = await TestDatabase.CreateAsync(engine);

        var first = await AddAsync(test.Database, "features", new DateOnly(2026, 11, 1));
        var second = await AddAsync(test.Database, "features", asOf: null);
        var other = await AddAsync(test.Database, "servicing", asOf: null);
        await using (var connection = await test.Database.OpenAsync())
        {
            Assert.True(await JobRequests.ClaimAsync(connection, first!, "worker-1", Now));
            Assert.False(await JobRequests.ClaimAsync(connection, first!, "worker-2", Now));
        }

        var third = await AddAsync(test.Database, "features", asOf: null);

        Assert.NotNull(first);
        Assert.Null(second);
        Assert.NotNull(other);
        Assert.NotNull(third);
        await using var read = await test.Database.OpenAsync();
        var recent = (await JobRequests.RecentAsync(read, 10)).ToDictionary(r => r.RequestId, r => (r.Job, r.Status, r.AsOf));
        Assert.Equal(3, recent.Count);
        Assert.Equal(("features", JobRequests.Claimed, (string?)"2026-11-01"), recent[first!]);
        Assert.Equal(("servicing", JobRequests.Pending, (string?)null), recent[other!]);
        Assert.Equal(("features", JobRequests.Pending, (string?)null), recent[third!]);
    }

    [PostgresFact]
    public async Task Two_clustered_workers_run_each_request_once()
    {
        await using var test = await TestDatabase.CreateAsync(DatabaseEngine.Postgres);
        var runs = 0;
        var counting = new JobDefinition("counting", Never, typeof(CountingQuartzJob), (_, _) =>
        {
            Interlocked.Increment(ref runs);
            return Task.FromResult(new JobOutcome(1, "counted"));
        });
        IReadOnlyList<JobDefinition> jobs = [counting, counting with { Name = "counting-other", QuartzJob = typeof(OtherCountingQuartzJob) }];
        var configuration = FastPoll();
        var first = await JobScheduler.CreateAsync(test.Database, TimeProvider.System, configuration, jobs, "worker-1");
        // Quartz hands out one scheduler per name per process (see JobSchedulerTests).
        Quartz.Impl.SchedulerRepository.Instance.Remove(JobScheduler.SchedulerName);
        var second = await JobScheduler.CreateAsync(test.Database, TimeProvider.System, configuration, jobs, "worker-2");
        var requests = new List<string>();
        try
        {
            await first.Start();
            await second.Start();
            for (var round = 0; round < 3; round++)
            {
                var batch = new[] { (await AddAsync(test.Database, "counting", asOf: null))!, (await AddAsync(test.Database, "counting-other", asOf: null))! };
                requests.AddRange(batch);
                await JobSchedulerTests.WaitUntilAsync(async () =>
                    await JobTestKit.CountAsync(test.Database, "SELECT count(*) FROM job_requests WHERE status = 'succeeded'") == requests.Count);
            }
        }
        finally
        {
            await first.Shutdown(waitForJobsToComplete: true);
            await second.Shutdown(waitForJobsToComplete: true);
        }

        await using var connection = await test.Database.OpenAsync();
        var finished = (await connection.QueryAsync<(string RunId, string Job, string ClaimedBy)>(
            "SELECT q.run_id, r.job, q.claimed_by FROM job_requests q JOIN job_runs r ON r.run_id = q.run_id")).ToList();
        Assert.Equal(6, runs);
        Assert.Equal(6, await JobTestKit.CountAsync(test.Database, "SELECT count(*) FROM job_runs"));
        Assert.Equal(6, finished.Select(f => f.RunId).Distinct().Count());
        Assert.Equal(3, finished.Count(f => f.Job == "counting-other"));
        Assert.All(finished, f => Assert.True(f.ClaimedBy is "worker-1" or "worker-2", f.ClaimedBy));
        Assert.Equal(["worker-1", "worker-2"], (await Underwriting.Dashboard.Jobs.JobQueries.WorkersAsync(connection, CancellationToken.None)).Select(w => w.Instance));
    }

    /// <summary>Millisecond retries and a 100 ms poll (production polls every 5 s).</summary>
    private static Microsoft.Extensions.Configuration.IConfiguration FastPoll(params (string Key, string Value)[] settings) =>
        JobTestKit.Configuration([("Jobs:Requests:PollInterval", "00:00:00.1"), .. settings]);

    private static async Task<string?> AddAsync(Database database, string job, DateOnly? asOf)
    {
        await using var connection = await database.OpenAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        var id = await JobRequests.AddAsync(connection, transaction, job, asOf, "li.wei", Now);
        await transaction.CommitAsync();
        return id;
    }

    private static async Task<JobRequests.Request> RequestAsync(Database database, string requestId)
    {
        await using var connection = await database.OpenAsync();
        return (await JobRequests.RecentAsync(connection, 100)).Single(r => r.RequestId == requestId);
    }
}
