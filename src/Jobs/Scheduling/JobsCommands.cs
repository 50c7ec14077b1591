using System.CommandLine;
using System.Globalization;
using Microcredit.Jobs.Cli;
using Microcredit.Scoring.Storage;
using Microsoft.Extensions.Configuration;
using Spectre.Console;

namespace Microcredit.Jobs.Scheduling;

/// <summary><c>credit jobs run|list|worker</c>: the platform's scheduled jobs (docs/jobs.md).</summary>
public static class JobsCommands
{
    public static Command Create(CliContext context) => Create(context, JobRegistry.All);

    /// <summary>The commands over <paramref name="jobs"/> (tests add a job of their own).</summary>
    internal static Command Create(CliContext context, IReadOnlyList<JobDefinition> jobs)
    {
        var config = new Option<string?>("--config")
        {
            Description = "A JSON settings file (Jobs:<name>:Cron, Jobs:Retry, Jobs:ingest:Inbox, Clock:Today, Policy, …); environment variables (Jobs__ingest__Inbox) override it.",
            Recursive = true,
        };

        var name = new Argument<string>("NAME") { Description = $"The job: {string.Join(", ", jobs.Select(j => j.Name))}." };
        var asOf = new Option<string?>("--as-of") { Description = "The date the run is for, YYYY-MM-DD (default: the platform's today, Clock:Today or the clock's date)." };
        var run = new Command("run", "Run one job now, in this process, through the scheduler's runner: recorded in job_runs, retried on failure (Jobs:Retry).\nExample: credit jobs run features --as-of 2026-11-01") { name, asOf };
        run.SetAction(async (parse, cancellationToken) =>
        {
            var jobName = parse.GetValue(name)!;
            var job = jobs.FirstOrDefault(j => j.Name == jobName)
                ?? throw CliException.Usage($"No job is named '{jobName}'. Jobs: {string.Join(", ", jobs.Select(j => j.Name))}.");
            var day = parse.GetValue(asOf) is { } text ? ParseDate(text) : (DateOnly?)null;
            var configuration = Configuration(parse.GetValue(config));
            var time = Clock(context, configuration);
            using var database = await context.OpenMigratedAsync(parse.GetValue(CreditCli.DatabaseOption), cancellationToken);
            var runner = new JobRunner(database, time, configuration, $"cli:{Environment.MachineName}");
            var result = await context.Console.Status().StartAsync($"Running {job.Name}", _ => runner.RunAsync(job, day, recovering: false, cancellationToken));
            if (!result.Succeeded)
            {
                await context.Out.WriteLineAsync($"{job.Name}\t{DbTime.ToDb(result.AsOf)}\tfailed\t{result.Attempts}\t");
                throw new CliException($"{job.Name} as of {DbTime.ToDb(result.AsOf)} failed after {result.Attempts} attempt(s): {result.Error}");
            }

            await context.Out.WriteLineAsync($"{job.Name}\t{DbTime.ToDb(result.AsOf)}\tsucceeded\t{result.Attempts}\t{result.Outcome!.Rows}");
            await context.Error.WriteLineAsync($"{job.Name} as of {DbTime.ToDb(result.AsOf)} succeeded (attempt {result.Attempts}, {result.Outcome.Rows} rows): {result.Outcome.Summary}");
            return ExitCodes.Ok;
        });

        var list = new Command("list", "Show every job's schedule (cron, UTC), its next firing and its last run (status, as-of, rows, error).\nExample: credit jobs list");
        list.SetAction(async (parse, cancellationToken) =>
        {
            var configuration = Configuration(parse.GetValue(config));
            using var database = await context.OpenMigratedAsync(parse.GetValue(CreditCli.DatabaseOption), cancellationToken);
            var latest = await JobRunStore.LatestAsync(database, cancellationToken);
            var now = context.Time.GetUtcNow();
            var table = new Table().AddColumns("job", "cron (UTC)", "next fire", "last run", "as-of", "rows", "error");
            foreach (var job in jobs)
            {
                var cron = Cron(job, configuration);
                var next = cron is null ? null : JobSchedules.NextFire(cron, now);
                var last = latest.GetValueOrDefault(job.Name);
                var nextText = next?.ToString("yyyy-MM-dd HH:mm'Z'", CultureInfo.InvariantCulture) ?? "";
                var lastText = last is null ? "never" : $"{last.Status} (attempt {last.Attempt})";
                table.AddRow(job.Name, Markup.Escape(cron ?? "invalid"), nextText, lastText, last is null ? "" : DbTime.ToDb(last.AsOf),
                    last?.Rows?.ToString("N0", CultureInfo.InvariantCulture) ?? "", Markup.Escape(last?.Error ?? ""));
                await context.Out.WriteLineAsync(
                    $"{job.Name}\t{cron}\t{nextText}\t{last?.Status ?? "never"}\t{(last is null ? "" : DbTime.ToDb(last.AsOf))}\t{last?.Rows}\t{last?.Error}");
            }

            context.Console.Write(table);
            return ExitCodes.Ok;
        });

        var instance = new Option<string?>("--instance-id") { Description = "This worker's id in the cluster (default: made by Quartz from the host name and time)." };
        var worker = new Command("worker", "Start the scheduler and run the jobs on their schedules until stopped (Ctrl+C); several workers on one PostgreSQL form a cluster.\nExample: credit jobs worker --database \"Host=db;Database=microcredit;Username=jobs\"") { instance };
        worker.SetAction(async (parse, cancellationToken) =>
        {
            var configuration = Configuration(parse.GetValue(config));
            var time = Clock(context, configuration);
            using var database = await context.OpenMigratedAsync(parse.GetValue(CreditCli.DatabaseOption), cancellationToken);
            var scheduler = await JobScheduler.StartAsync(database, time, configuration, jobs, parse.GetValue(instance), cancellationToken);
            await context.Error.WriteLineAsync($"Worker {scheduler.SchedulerInstanceId} runs {jobs.Count} jobs on {database.Describe()}; Ctrl+C stops it.");
            try
            {
                await Task.Delay(Timeout.Infinite, cancellationToken);
            }
            catch (OperationCanceledException)
            {
                // Stopping is the normal end of a worker.
            }

            await scheduler.Shutdown(waitForJobsToComplete: true, CancellationToken.None);
            return ExitCodes.Ok;
        });

        return new Command("jobs", "The platform's scheduled jobs: run one now, list schedules and last runs, run a worker.") { config, run, list, worker };
    }

    /// <summary>The settings the jobs read: the file given, then environment variables (Jobs__ingest__Inbox=…).</summary>
    internal static IConfiguration Configuration(string? file)
    {
        var builder = new ConfigurationBuilder();
        if (file is not null)
        {
            if (!File.Exists(file))
            {
                throw new CliException($"{file}: settings file not found.");
            }

            builder.AddJsonFile(Path.GetFullPath(file), optional: false);
        }

        return builder.AddEnvironmentVariables().Build();
    }

    /// <summary>The platform's clock: pinned by <c>Clock:Today</c>, else the process's.</summary>
    private static TimeProvider Clock(CliContext context, IConfiguration configuration) =>
        configuration["Clock:Today"] is { Length: > 0 } today ? new PinnedClock(ParseDate(today), context.Time) : context.Time;

    private static string? Cron(JobDefinition job, IConfiguration configuration)
    {
        try
        {
            return JobSchedules.CronOf(job, configuration);
        }
        catch (FormatException)
        {
            return null;
        }
    }

    private static DateOnly ParseDate(string text) =>
        DateOnly.TryParseExact(text.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date)
            ? date
            : throw CliException.Usage($"'{text}' is not a date (YYYY-MM-DD).");
}
