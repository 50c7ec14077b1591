using System.CommandLine;
using System.Globalization;
using Microcredit.Jobs.Cli;
using Microcredit.Scoring.Models.Data;
using Microcredit.Scoring.Registry;
using Spectre.Console;

namespace Microcredit.Jobs.Models;

/// <summary><c>credit models list|register|promote|seed</c>: the model registry in the database.</summary>
public static class RegistryCommands
{
    public static Command Create(CliContext context)
    {
        var listJson = new Option<bool>("--json") { Description = "Print one JSON object (models with their metrics, promotion history) on stdout instead of the tab-separated lines." };
        var list = new Command(
            "list",
            "List registered models by kind: champion or challenger, family, validation AUC and KS from the artifact, out-of-time AUC and KS where evaluated, and the promotion history.\n" +
            "Example: credit models list")
        {
            listJson,
        };
        list.SetAction(async (parse, cancellationToken) =>
        {
            using var database = await context.OpenMigratedAsync(parse.GetValue(CreditCli.DatabaseOption), cancellationToken);
            await using var connection = await database.OpenAsync(cancellationToken);
            var models = await ModelListing.ListAsync(connection, cancellationToken);
            var promotions = await ModelRegistry.PromotionsAsync(connection, cancellationToken);
            static string F(double? value) => value?.ToString("0.0000", CultureInfo.InvariantCulture) ?? "";
            // The id starts with the kind; validation method, source and times are in --json.
            var table = new Table().Title("Models (val. = the artifact's validation, OOT = out-of-time evaluation)")
                .AddColumns("model", "role", "family", "val. AUC", "val. KS", "OOT AUC", "OOT KS", "registered");
            table.Columns[0].NoWrap();
            foreach (var model in models)
            {
                table.AddRow(
                    model.ModelId, model.IsChampion ? "[bold]champion[/]" : "challenger", model.Family,
                    F(model.ValidationAuc), F(model.ValidationKs), F(model.OutOfTime?.Auc), F(model.OutOfTime?.Ks),
                    Access.ApiKeyCommands.Instant(model.CreatedAt)[..10]);
                if (!parse.GetValue(listJson))
                {
                    await context.Out.WriteLineAsync($"{model.ModelId}\t{model.Kind}\t{(model.IsChampion ? "champion" : "challenger")}");
                }
            }

            context.Console.Write(table);
            var history = new Table().Title("Promotions, newest first").AddColumns("promoted", "kind", "model", "by");
            foreach (var promotion in promotions)
            {
                history.AddRow(Access.ApiKeyCommands.Instant(promotion.PromotedAt), promotion.Kind, promotion.ModelId, Markup.Escape(promotion.PromotedBy));
            }

            context.Console.Write(history);
            if (parse.GetValue(listJson))
            {
                await ModelCli.WriteJsonAsync(context, new { models, promotions });
            }

            return ExitCodes.Ok;
        });

        var kind = new Option<string>("--kind") { Description = "credit or settlement.", Required = true };
        kind.AcceptOnlyFromAmong([.. ModelRegistry.Kinds]);
        var file = new Option<string>("--file") { Description = "The model JSON written by credit train (or credit train-settlement).", Required = true };
        var register = new Command("register", "Store a model in the registry (prints its id; the same file again is a no-op).\nExample: credit models register --kind credit --file challenger.json") { kind, file };
        register.SetAction(async (parse, cancellationToken) =>
        {
            var path = parse.GetValue(file)!;
            if (!File.Exists(path))
            {
                throw new CliException($"{path}: model file not found.");
            }

            using var database = await context.OpenMigratedAsync(parse.GetValue(CreditCli.DatabaseOption), cancellationToken);
            await using var connection = await database.OpenAsync(cancellationToken);
            await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
            string id;
            try
            {
                id = await ModelRegistry.RegisterAsync(connection, transaction, parse.GetValue(kind)!, await File.ReadAllTextAsync(path, cancellationToken), Path.GetFileName(path), context.Time.GetUtcNow(), cancellationToken);
            }
            catch (ModelDataException ex)
            {
                throw new CliException(ex.Message);
            }

            await transaction.CommitAsync(cancellationToken);
            await context.Out.WriteLineAsync(id);
            return ExitCodes.Ok;
        });

        var model = new Argument<string>("MODEL_ID") { Description = "A registered model id (credit models list)." };
        var by = new Option<string>("--by") { Description = "Who promotes (kept in the promotion history).", DefaultValueFactory = _ => Environment.UserName };
        var promote = new Command("promote", "Make a registered model the champion of its kind; every API instance and job uses it from their next request.\nExample: credit models promote credit-3f2a9c0d11b4") { model, by };
        promote.SetAction(async (parse, cancellationToken) =>
        {
            using var database = await context.OpenMigratedAsync(parse.GetValue(CreditCli.DatabaseOption), cancellationToken);
            await using var connection = await database.OpenAsync(cancellationToken);
            await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
            try
            {
                await ModelRegistry.PromoteAsync(connection, transaction, parse.GetValue(model)!, parse.GetValue(by)!, context.Time.GetUtcNow(), cancellationToken);
            }
            catch (KeyNotFoundException ex)
            {
                throw new CliException(ex.Message);
            }

            await transaction.CommitAsync(cancellationToken);
            await context.Error.WriteLineAsync($"{parse.GetValue(model)} is now champion.");
            return ExitCodes.Ok;
        });

        var directory = new Option<string>("--dir") { Description = "Directory holding credit.json and settlement.json.", DefaultValueFactory = _ => "models" };
        var seed = new Command("seed", "Register the shipped models (credit.json, settlement.json) and make each champion where its kind has none.\nExample: credit models seed --dir models") { directory };
        seed.SetAction(async (parse, cancellationToken) =>
        {
            using var database = await context.OpenMigratedAsync(parse.GetValue(CreditCli.DatabaseOption), cancellationToken);
            try
            {
                var ids = await ModelRegistry.SeedAsync(database, parse.GetValue(directory)!, context.Time, cancellationToken);
                foreach (var id in ids)
                {
                    await context.Out.WriteLineAsync(id);
                }
            }
            catch (ModelDataException ex)
            {
                throw new CliException(ex.Message);
            }

            return ExitCodes.Ok;
        });

        return new Command("models", "The model registry: champions and challengers.") { list, register, promote, seed };
    }
}
