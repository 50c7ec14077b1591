using System.CommandLine;
using Microcredit.Jobs.Cli;
using Microcredit.Scoring.Models.Data;
using Microcredit.Scoring.Registry;

namespace Microcredit.Jobs.Models;

/// <summary>
/// <c>credit promote</c>: make a model the champion of its kind. A model file is registered first
/// (a no-op when the same bytes are registered already); every promotion is kept in model_promotions.
/// </summary>
public static class PromoteCommand
{
    public static Command Create(CliContext context)
    {
        var model = new Option<string>("--model") { Description = "A registered model id (credit models list) or a model JSON file to register and promote.", Required = true };
        var kind = new Option<string?>("--kind") { Description = "The kind a model file is registered as (credit or settlement). Default: credit; a registered id keeps its own kind." };
        kind.AcceptOnlyFromAmong([.. ModelRegistry.Kinds]);
        var by = new Option<string>("--by") { Description = "Who promotes (kept in the promotion history).", DefaultValueFactory = _ => Environment.UserName };
        var command = new Command(
            "promote",
            "Make a model the champion of its kind (registering a model file first) and record the promotion; every API instance and job uses it from their next request.\n" +
            "Example: credit promote --model challenger.json   or   credit promote --model credit-3f2a9c0d11b4")
        {
            model, kind, by,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var text = parse.GetValue(model)!;
            var isFile = File.Exists(text);
            if (!isFile && !ModelSource.IsRegistryId(text))
            {
                throw new CliException($"{text}: model file not found (give a model JSON file or a registered model id from credit models list).");
            }

            using var database = await context.OpenMigratedAsync(parse.GetValue(CreditCli.DatabaseOption), cancellationToken);
            await using var connection = await database.OpenAsync(cancellationToken);
            if (!isFile)
            {
                var registered = await ModelRegistry.FindAsync(connection, text, cancellationToken)
                    ?? throw new CliException($"No model '{text}' in the registry (see credit models list).");
                if (parse.GetValue(kind) is { } wanted && wanted != registered.Kind)
                {
                    throw CliException.Usage($"{text} is a {registered.Kind} model, not {wanted}.");
                }
            }

            var modelKind = isFile ? parse.GetValue(kind) ?? ModelRegistry.CreditKind : text[..text.IndexOf('-', StringComparison.Ordinal)];
            var previous = await ModelRegistry.ChampionAsync(connection, modelKind, cancellationToken);
            await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
            var now = context.Time.GetUtcNow();
            var id = text;
            if (isFile)
            {
                try
                {
                    id = await ModelRegistry.RegisterAsync(connection, transaction, modelKind, await File.ReadAllTextAsync(text, cancellationToken), Path.GetFileName(text), now, cancellationToken);
                }
                catch (ModelDataException ex)
                {
                    throw new CliException(ex.Message);
                }
            }

            await ModelRegistry.PromoteAsync(connection, transaction, id, parse.GetValue(by)!, now, cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            await context.Out.WriteLineAsync(id);
            await context.Error.WriteLineAsync(previous is null || previous.ModelId == id
                ? $"{id} is now the {modelKind} champion."
                : $"{id} is now the {modelKind} champion (was {previous.ModelId}).");
            return ExitCodes.Ok;
        });
        return command;
    }
}
