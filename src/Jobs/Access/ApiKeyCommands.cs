using System.CommandLine;
using Microcredit.Jobs.Cli;
using Microcredit.Scoring.Storage;
using Microcredit.Underwriting.Auth;
using Microcredit.Underwriting.Webhooks;
using Spectre.Console;

namespace Microcredit.Jobs.Access;

/// <summary><c>credit apikey create|list|revoke|callback</c>: keys for merchant apps, bound to the merchants they may act for, with their webhook callbacks.</summary>
public static class ApiKeyCommands
{
    public static Command Create(CliContext context)
    {
        var merchants = new Option<string>("--merchants") { Description = "Comma-separated merchant ids the key may act for, or @FILE with one id per line.", Required = true };
        var name = new Option<string>("--name") { Description = "A label for the key (who holds it).", DefaultValueFactory = _ => "merchant-app" };
        var rate = new Option<int>("--rate") { Description = "Requests a minute the key may make.", DefaultValueFactory = _ => ApiKeys.DefaultRequestsPerMinute };
        var callbackUrl = new Option<string?>("--callback-url") { Description = "Where the final outcomes of the key's reviewed decisions are POSTed (signed webhooks); prints the signing secret once." };
        var create = new Command(
            "create",
            "Create an API key and print it once on stdout (only its hash is stored); with --callback-url, the webhook signing secret follows on the next line.\n" +
            "Example: credit apikey create --merchants M000001,M000002 --name shop-app --callback-url https://shop.example/hooks/credit")
        { merchants, name, rate, callbackUrl };
        create.SetAction(async (parse, cancellationToken) =>
        {
            var ids = MerchantIds(parse.GetValue(merchants)!);
            var requests = parse.GetValue(rate);
            if (requests < 1)
            {
                throw CliException.Usage("--rate must be at least 1.");
            }

            var url = parse.GetValue(callbackUrl)?.Trim();
            if (url is not null && ApiKeyCallbacks.UrlProblem(url) is { } urlProblem)
            {
                throw CliException.Usage($"--callback-url {urlProblem}");
            }

            using var database = await context.OpenMigratedAsync(parse.GetValue(CreditCli.DatabaseOption), cancellationToken);
            await using var connection = await database.OpenAsync(cancellationToken);
            var known = await KnownMerchantsAsync(connection, ids, cancellationToken);
            var unknown = ids.Where(id => !known.Contains(id)).ToList();
            if (unknown.Count > 0)
            {
                throw new CliException($"--merchants: unknown merchant(s) {string.Join(", ", unknown.Take(5))}{(unknown.Count > 5 ? $" and {unknown.Count - 5} more" : "")}.");
            }

            var prepared = url is null ? null : NewSecret(database, context.Time);
            await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
            var (keyId, key) = await ApiKeys.CreateAsync(connection, transaction, parse.GetValue(name)!, ids, requests, context.Time.GetUtcNow(), cancellationToken);
            string? secret = null;
            if (url is not null)
            {
                (_, secret) = await ApiKeyCallbacks.SetAsync(connection, transaction, keyId, url, false, prepared!, "cli", context.Time.GetUtcNow(), cancellationToken);
            }

            await transaction.CommitAsync(cancellationToken);
            await context.Out.WriteLineAsync(key);
            if (secret is not null)
            {
                await context.Out.WriteLineAsync(secret);
            }

            await context.Error.WriteLineAsync($"Created {keyId} for {ids.Count} merchant(s), {requests} requests a minute. The key above is shown only now; send it as X-Api-Key." +
                (secret is null ? "" : " The second line is the webhook signing secret, also shown only now (docs/dashboard.md, \"Webhooks\")."));
            return ExitCodes.Ok;
        });

        var list = new Command("list", "List API keys (ids, labels, merchant counts; never the keys).\nExample: credit apikey list");
        list.SetAction(async (parse, cancellationToken) =>
        {
            using var database = await context.OpenMigratedAsync(parse.GetValue(CreditCli.DatabaseOption), cancellationToken);
            await using var connection = await database.OpenAsync(cancellationToken);
            var table = new Table().AddColumns("key", "name", "merchants", "requests/min", "created", "revoked", "callback");
            foreach (var key in await ApiKeys.ListAsync(connection, cancellationToken))
            {
                table.AddRow(key.KeyId, Markup.Escape(key.Name), key.Merchants.ToString(System.Globalization.CultureInfo.InvariantCulture),
                    key.RequestsPerMinute.ToString(System.Globalization.CultureInfo.InvariantCulture), Instant(key.CreatedAt), key.RevokedAt is { } at ? Instant(at) : "", Markup.Escape(key.CallbackUrl ?? ""));
            }

            context.Console.Write(table);
            return ExitCodes.Ok;
        });

        var keyArgument = new Argument<string>("KEY_ID") { Description = "The key id (the part before the dot)." };
        var revoke = new Command("revoke", "Revoke an API key; requests with it get 401 at once on every instance.\nExample: credit apikey revoke key_01H…") { keyArgument };
        revoke.SetAction(async (parse, cancellationToken) =>
        {
            using var database = await context.OpenMigratedAsync(parse.GetValue(CreditCli.DatabaseOption), cancellationToken);
            await using var connection = await database.OpenAsync(cancellationToken);
            await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
            var keyId = parse.GetValue(keyArgument)!.Split('.')[0];
            if (!await ApiKeys.RevokeAsync(connection, transaction, keyId, context.Time.GetUtcNow(), cancellationToken))
            {
                throw new CliException($"No active API key '{keyId}'.");
            }

            await transaction.CommitAsync(cancellationToken);
            await context.Error.WriteLineAsync($"Revoked {keyId}.");
            return ExitCodes.Ok;
        });

        return new Command("apikey", "API keys of merchant apps.") { create, list, revoke, Callback(context) };
    }

    /// <summary><c>credit apikey callback KEY_ID --url URL [--rotate-secret] | --clear</c>.</summary>
    private static Command Callback(CliContext context)
    {
        var keyArgument = new Argument<string>("KEY_ID") { Description = "The key id (the part before the dot)." };
        var url = new Option<string?>("--url") { Description = "The callback URL (absolute http:// or https://)." };
        var rotate = new Option<bool>("--rotate-secret") { Description = "Generate a new signing secret even if the key has one (the old one stops working at once)." };
        var clear = new Option<bool>("--clear") { Description = "Remove the callback URL and its secret; pending deliveries fail." };
        var callback = new Command(
            "callback",
            "Set or clear the webhook callback of an API key. A key without a signing secret gets one, printed once on stdout.\n" +
            "Example: credit apikey callback key_01H… --url https://shop.example/hooks/credit")
        { keyArgument, url, rotate, clear };
        callback.SetAction(async (parse, cancellationToken) =>
        {
            var keyId = parse.GetValue(keyArgument)!.Split('.')[0];
            var target = parse.GetValue(url)?.Trim();
            var clearing = parse.GetValue(clear);
            if (clearing == (target is not null))
            {
                throw CliException.Usage("Give either --url URL or --clear.");
            }

            if (target is not null && ApiKeyCallbacks.UrlProblem(target) is { } problem)
            {
                throw CliException.Usage($"--url {problem}");
            }

            using var database = await context.OpenMigratedAsync(parse.GetValue(CreditCli.DatabaseOption), cancellationToken);
            var prepared = clearing ? null : NewSecret(database, context.Time);
            await using var connection = await database.OpenAsync(cancellationToken);
            await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
            var now = context.Time.GetUtcNow();
            if (clearing)
            {
                if (!await ApiKeyCallbacks.ClearAsync(connection, transaction, keyId, "cli", now, cancellationToken))
                {
                    throw new CliException($"KEY_ID: no active API key '{keyId}'.");
                }

                await transaction.CommitAsync(cancellationToken);
                await context.Error.WriteLineAsync($"Cleared the callback of {keyId}.");
                return ExitCodes.Ok;
            }

            var (found, secret) = await ApiKeyCallbacks.SetAsync(connection, transaction, keyId, target!, parse.GetValue(rotate), prepared!, "cli", now, cancellationToken);
            if (!found)
            {
                throw new CliException($"KEY_ID: no active API key '{keyId}'.");
            }

            await transaction.CommitAsync(cancellationToken);
            if (secret is not null)
            {
                await context.Out.WriteLineAsync(secret);
            }

            await context.Error.WriteLineAsync(secret is null
                ? $"Set the callback of {keyId}; its signing secret is unchanged."
                : $"Set the callback of {keyId}. The line above is its new signing secret, shown only now.");
            return ExitCodes.Ok;
        });
        return callback;
    }

    /// <summary>A signing secret protected with the database's key ring, made before any transaction (see <see cref="CallbackSecrets.Create"/>).</summary>
    private static NewSecret NewSecret(Database database, TimeProvider time)
    {
        using var secrets = CallbackSecrets.ForDatabase(database, time);
        return secrets.Create();
    }

    internal static string Instant(long milliseconds) => DbTime.FromDb(milliseconds).ToString("yyyy-MM-dd HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture);

    private static List<string> MerchantIds(string value)
    {
        IEnumerable<string> items = value.StartsWith('@')
            ? File.Exists(value[1..]) ? File.ReadAllLines(value[1..]) : throw new CliException($"--merchants: file {value[1..]} not found.")
            : value.Split(',');
        var ids = items.Select(s => s.Trim()).Where(s => s.Length > 0).Distinct(StringComparer.Ordinal).ToList();
        return ids.Count > 0 ? ids : throw CliException.Usage("--merchants names no merchant.");
    }

    private static async Task<HashSet<string>> KnownMerchantsAsync(System.Data.Common.DbConnection connection, List<string> ids, CancellationToken cancellationToken)
    {
        // One primary-key lookup each: the same SQL on both engines (Npgsql would take a list as one array parameter).
        var known = new HashSet<string>(StringComparer.Ordinal);
        foreach (var id in ids)
        {
            if (await Dapper.SqlMapper.ExecuteScalarAsync<long>(connection, new Dapper.CommandDefinition(
                "SELECT count(*) FROM merchants WHERE merchant_id = @id", new { id }, cancellationToken: cancellationToken)) > 0)
            {
                known.Add(id);
            }
        }

        return known;
    }
}
