using Microcredit.Scoring.Storage;
using Microsoft.Extensions.Configuration;

namespace Microcredit.Jobs.Scheduling;

/// <summary>
/// Runs a job the way both the scheduler and <c>credit jobs run</c> do: each attempt is a
/// <c>job_runs</c> row, written 'running' before the job starts and finished with its rows or its
/// error; a failed attempt is retried after <see cref="RetryOptions.DelayAfter"/> until the
/// attempts are used up. The job's "today" is the clock's date unless an as-of date is given.
/// </summary>
public sealed class JobRunner(Database database, TimeProvider time, IConfiguration configuration, string worker)
{
    /// <summary>How long an error message may be in <c>job_runs.error</c>.</summary>
    public const int MaxErrorLength = 1000;

    /// <summary>The outcome of all attempts: the last attempt's number and <c>job_runs</c> row, and its outcome or error.</summary>
    public sealed record Result(string Job, DateOnly AsOf, int Attempts, JobOutcome? Outcome, string? Error, string RunId)
    {
        public bool Succeeded => Outcome is not null;
    }

    public string Worker { get; } = worker;

    public Database Database { get; } = database;

    public TimeProvider Time { get; } = time;

    public async Task<Result> RunAsync(JobDefinition job, DateOnly? asOf, bool recovering, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(job);
        var retry = RetryOptions.From(configuration);
        var day = asOf ?? DateOnly.FromDateTime(Time.GetUtcNow().UtcDateTime);
        if (recovering)
        {
            await JobRunStore.AbandonAsync(Database, job.Name, Worker, Time.GetUtcNow(), cancellationToken);
        }

        string? error = null;
        var runId = "";
        for (var attempt = 1; attempt <= retry.Attempts; attempt++)
        {
            runId = Ids.New("run_");
            await JobRunStore.StartAsync(Database, runId, job.Name, day, attempt, Worker, Time.GetUtcNow(), cancellationToken);
            try
            {
                var outcome = await job.RunAsync(new JobContext(Database, Time, day, configuration, runId), cancellationToken);
                await JobRunStore.FinishAsync(Database, runId, JobRunStore.Succeeded, outcome.Rows, null, Time.GetUtcNow(), CancellationToken.None);
                return new Result(job.Name, day, attempt, outcome, null, runId);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                // Shutting down: record why the attempt stopped, and do not retry.
                await JobRunStore.FinishAsync(Database, runId, JobRunStore.Failed, null, "cancelled: the worker is shutting down", Time.GetUtcNow(), CancellationToken.None);
                throw;
            }
#pragma warning disable CA1031 // A job's failure of any kind is recorded and retried, never lost.
            catch (Exception ex)
#pragma warning restore CA1031
            {
                error = Describe(ex);
                await JobRunStore.FinishAsync(Database, runId, JobRunStore.Failed, null, error, Time.GetUtcNow(), CancellationToken.None);
            }

            if (attempt < retry.Attempts)
            {
                await Task.Delay(retry.DelayAfter(attempt), Time, cancellationToken);
            }
        }

        return new Result(job.Name, day, retry.Attempts, null, error, runId);
    }

    /// <summary>The exception's type and message, never its stack trace (which may carry data), capped in length.</summary>
    internal static string Describe(Exception exception)
    {
        var text = $"{exception.GetType().Name}: {exception.Message}";
        return text.Length <= MaxErrorLength ? text : text[..(MaxErrorLength - 1)] + "…";
    }
}
