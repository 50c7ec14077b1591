using Microcredit.Jobs.Scheduling;
using Microcredit.Scoring.Storage;
using Microcredit.Tests;

namespace Microcredit.Jobs.Tests.Scheduling;

/// <summary>The runner every job goes through: job_runs rows, retries with backoff, errors without stack traces.</summary>
public class JobRunnerTests
{
    private static readonly DateOnly AsOf = new(2026, 7, 1);

    [Theory, Engines]
    public async Task FailingJob_IsRetried_AndEachAttemptRecordsItsError(DatabaseEngine engine)
    {
        await using var test = await TestDatabase.CreateAsync(engine);
        var calls = 0;
        var job = new JobDefinition("flaky", "0 0 0 1 1 ? 2099", typeof(IngestQuartzJob), (context, _) =>
        {
            calls++;
            return calls < 3
                ? throw new InvalidOperationException($"boom {calls}")
                : Task.FromResult(new JobOutcome(7, "done"));
        });

        var result = await JobTestKit.Runner(test.Database).RunAsync(job, AsOf, recovering: false, CancellationToken.None);

        Assert.True(result.Succeeded);
        Assert.Equal(3, result.Attempts);
        var runs = await JobRunStore.ForJobAsync(test.Database, "flaky", CancellationToken.None);
        Assert.Equal([1, 2, 3], runs.Select(r => r.Attempt));
        Assert.Equal(["failed", "failed", "succeeded"], runs.Select(r => r.Status));
        Assert.Equal(["InvalidOperationException: boom 1", "InvalidOperationException: boom 2", null], runs.Select(r => r.Error));
        Assert.Equal([null, null, 7L], runs.Select(r => r.Rows));
        Assert.All(runs, r => Assert.Equal(AsOf, r.AsOf));
        Assert.All(runs, r => Assert.Equal("test-worker", r.Worker));
        Assert.All(runs, r => Assert.NotNull(r.FinishedAt));
        Assert.Equal(3, runs.Select(r => r.RunId).Distinct().Count());
    }

    [Theory, Engines]
    public async Task JobFailingEveryAttempt_GivesUpAfterTheConfiguredAttempts(DatabaseEngine engine)
    {
        await using var test = await TestDatabase.CreateAsync(engine);
        var calls = 0;
        var job = new JobDefinition("broken", "0 0 0 1 1 ? 2099", typeof(IngestQuartzJob), (_, _) =>
        {
            calls++;
            throw new IOException("disk full\n   at Some.Stack.Frame()");
        });

        var configuration = JobTestKit.Configuration(("Jobs:Retry:Attempts", "2"));
        var result = await JobTestKit.Runner(test.Database, configuration).RunAsync(job, AsOf, recovering: false, CancellationToken.None);

        Assert.False(result.Succeeded);
        Assert.Equal(2, calls);
        Assert.Equal(2, result.Attempts);
        var runs = await JobRunStore.ForJobAsync(test.Database, "broken", CancellationToken.None);
        Assert.Equal(["failed", "failed"], runs.Select(r => r.Status));
        // The message as the exception carries it; the runner adds no stack trace of its own.
        Assert.All(runs, r => Assert.Equal("IOException: disk full\n   at Some.Stack.Frame()", r.Error));
        var latest = await JobRunStore.LatestAsync(test.Database, CancellationToken.None);
        Assert.Equal(2, latest["broken"].Attempt);
    }

    [Fact]
    public void Backoff_DoublesAfterEachAttempt()
    {
        var options = new RetryOptions { Backoff = TimeSpan.FromMinutes(1) };
        Assert.Equal(TimeSpan.FromMinutes(1), options.DelayAfter(1));
        Assert.Equal(TimeSpan.FromMinutes(2), options.DelayAfter(2));
        Assert.Equal(TimeSpan.FromMinutes(4), options.DelayAfter(3));
    }

    [Fact]
    public void Describe_CapsLongMessages()
    {
        var text = JobRunner.Describe(new InvalidOperationException(new string('x', 5000)));
        Assert.Equal(JobRunner.MaxErrorLength, text.Length);
        Assert.StartsWith("InvalidOperationException: xxx", text, StringComparison.Ordinal);
    }

    [Theory, Engines]
    public async Task RunWithoutAsOf_UsesTheClocksDate(DatabaseEngine engine)
    {
        await using var test = await TestDatabase.CreateAsync(engine);
        var job = new JobDefinition("dated", "0 0 0 1 1 ? 2099", typeof(IngestQuartzJob), (context, _) => Task.FromResult(new JobOutcome(0, context.AsOf.ToString("O"))));
        var clock = new PinnedClock(new DateOnly(2026, 11, 1));

        var result = await JobTestKit.Runner(test.Database, time: clock).RunAsync(job, asOf: null, recovering: false, CancellationToken.None);

        Assert.Equal(new DateOnly(2026, 11, 1), result.AsOf);
        Assert.Equal("2026-11-01", result.Outcome!.Summary);
    }
}
