using System.CommandLine;
using Microcredit.Jobs.Cli;
using Microcredit.Jobs.Scheduling;
using Microcredit.Scoring.Storage;
using Microcredit.Underwriting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Spectre.Console;

namespace Microcredit.Jobs.Platform;

/// <summary><c>credit run</c>: the whole platform in one process — bootstrap, the job scheduler and the API.</summary>
public static class RunCommand
{
    public const string CredentialsFile = "data/demo-credentials.txt";

    public static Command Create(CliContext context)
    {
        var urls = new Option<string>("--urls") { Description = "Where the API listens.", DefaultValueFactory = _ => "http://127.0.0.1:5080" };
        var samples = new Option<string>("--samples") { Description = "Sample history imported on the first start of an empty platform.", DefaultValueFactory = _ => "data-samples" };
        var models = new Option<string>("--models") { Description = "Directory of the shipped models (credit.json, settlement.json).", DefaultValueFactory = _ => "models" };
        var noScheduler = new Option<bool>("--no-scheduler") { Description = "Serve the API only; run the jobs elsewhere (credit jobs worker)." };
        var command = new Command("run", "Start the platform: migrate; on the first start import the sample, pin today to its last day, build a snapshot, seed the models, refresh offers and print a demo API key and dashboard accounts; then run the scheduled jobs and serve the API.\n" +
            "Example: credit run --urls http://127.0.0.1:5080") { urls, samples, models, noScheduler };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var setting = parse.GetValue(CreditCli.DatabaseOption);
            var database = CliContext.OpenDatabase(setting);
            var result = await context.Console.Status().StartAsync("Starting", status => PlatformBootstrap.EnsureAsync(
                database,
                parse.GetValue(samples)!,
                parse.GetValue(models)!,
                CredentialsFile,
                context.Time,
                line =>
                {
                    status.Status(Markup.Escape(line));
                    context.Console.MarkupLine(Markup.Escape(line));
                },
                cancellationToken));
            TimeProvider clock = result.PinnedToday is { } today ? new PinnedClock(today, context.Time) : context.Time;
            if (result.CredentialsFile is not null)
            {
                await context.Out.WriteLineAsync($"Demo credentials (shown once; also written to {result.CredentialsFile}):");
                await context.Out.WriteAsync(PlatformBootstrap.CredentialsText(DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime), result.DemoKey, result.DemoOfficers));
            }

            var builder = WebApplication.CreateBuilder(new WebApplicationOptions { ContentRootPath = Directory.GetCurrentDirectory() });
            builder.Configuration[UnderwritingApp.DatabaseKey] = database.ConnectionString;
            builder.WebHost.UseUrls(parse.GetValue(urls)!);
            // Request-by-request framework logs drown the jobs' own lines (the service's appsettings.json says the same).
            builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);
            builder.Services.AddSingleton(clock);
            builder.Services.AddSingleton(database);
            builder.AddUnderwriting();
            await using var app = builder.Build();
            app.MapUnderwriting();
            await app.StartAsync(cancellationToken);
            var scheduler = parse.GetValue(noScheduler)
                ? null
                : await JobScheduler.StartAsync(database, clock, builder.Configuration, JobRegistry.All, cancellationToken: cancellationToken);
            var date = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
            await context.Out.WriteLineAsync($"Microcredit is running at {string.Join(", ", app.Urls)}: the API under /v1, the officers' dashboard at / (today is {DbTime.ToDb(date)}{(result.PinnedToday is null ? "" : ", pinned")}; database {database.Describe()}). Ctrl+C stops it.");
            await app.WaitForShutdownAsync(cancellationToken);
            if (scheduler is not null)
            {
                await scheduler.Shutdown(waitForJobsToComplete: true, CancellationToken.None);
            }

            return ExitCodes.Ok;
        });
        return command;
    }
}
