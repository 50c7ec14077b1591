using Spectre.Console;
using System.CommandLine;
using System.Globalization;
using Microcredit.Jobs.Cli;
using Microcredit.Scoring.Storage;
using Microcredit.Underwriting.Decisions;
using Microcredit.Underwriting.Offers;
using Microcredit.Underwriting.Policy;

namespace Microcredit.Jobs.Offers;

/// <summary><c>credit offers refresh|show</c>: every merchant's pre-approved line and advance rate.</summary>
public static class OffersCommands
{
    public static Command Create(CliContext context)
    {
        var policyOption = new Option<string?>("--policy") { Description = "A policy file (default: the shipped src/Underwriting/Policy/policy.json)." };
        var today = new Option<string?>("--today") { Description = "The platform's today, YYYY-MM-DD (default: the clock's date); the latest snapshot on or before it is used." };
        var refresh = new Command("refresh", "Recompute every merchant's offer from the latest snapshot, the champion credit model and the policy; replaces all offers in one transaction.\n" +
            "Example: credit offers refresh --today 2026-11-01") { policyOption, today };
        refresh.SetAction(async (parse, cancellationToken) =>
        {
            var (policy, text) = LoadPolicy(parse.GetValue(policyOption));
            var now = Now(context, parse.GetValue(today));
            using var database = await context.OpenMigratedAsync(parse.GetValue(CreditCli.DatabaseOption), cancellationToken);
            await using (var connection = await database.OpenAsync(cancellationToken))
            {
                await PolicyStore.RegisterAsync(connection, policy, text, now, cancellationToken);
            }

            OfferRefresh.Result result;
            try
            {
                result = await context.Console.Status().StartAsync("Scoring every merchant and refreshing offers", _ => OfferRefresh.RunAsync(database, policy, now, cancellationToken));
            }
            catch (InvalidOperationException ex)
            {
                throw new CliException(ex.Message);
            }

            await context.Error.WriteLineAsync(
                $"Refreshed {result.Offers} offers with {result.ModelId} and policy {policy.Version} (snapshot {(result.SnapshotAsOf is { } d ? DbTime.ToDb(d) : "none")}): " +
                $"{result.Approve} approve, {result.Review} review, {result.Decline} decline.");
            return ExitCodes.Ok;
        });

        var merchant = new Argument<string>("MERCHANT_ID") { Description = "The merchant." };
        var show = new Command("show", "Print a merchant's offer as JSON.\nExample: credit offers show M000001") { merchant };
        show.SetAction(async (parse, cancellationToken) =>
        {
            using var database = await context.OpenMigratedAsync(parse.GetValue(CreditCli.DatabaseOption), cancellationToken);
            await using var connection = await database.OpenAsync(cancellationToken);
            var offer = await OfferStore.GetAsync(connection, parse.GetValue(merchant)!, cancellationToken)
                ?? throw new CliException($"Merchant '{parse.GetValue(merchant)}' has no offer; run credit offers refresh.");
            await context.Out.WriteLineAsync(System.Text.Json.JsonSerializer.Serialize(offer, Underwriting.Api.ApiJson.Options));
            return ExitCodes.Ok;
        });

        return new Command("offers", "Pre-approved offers (refreshed nightly by the jobs).") { refresh, show };
    }

    internal static (CreditPolicy Policy, string Text) LoadPolicy(string? path)
    {
        try
        {
            var text = path is null ? PolicyLoader.DefaultText() : File.Exists(path) ? File.ReadAllText(path) : throw new CliException($"{path}: policy file not found.");
            return (PolicyLoader.Parse(text, path ?? PolicyLoader.DefaultFileName), text);
        }
        catch (PolicyException ex)
        {
            throw new CliException(ex.Message);
        }
    }

    internal static DateTimeOffset Now(CliContext context, string? today)
    {
        if (today is null)
        {
            return context.Time.GetUtcNow();
        }

        if (!DateOnly.TryParseExact(today, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
        {
            throw CliException.Usage($"--today {today}: expected YYYY-MM-DD.");
        }

        return new PinnedClock(date, context.Time).GetUtcNow();
    }
}
