using System.CommandLine;
using Microcredit.Jobs.Cli;
using Microcredit.Underwriting.Blocklist;
using Spectre.Console;

namespace Microcredit.Jobs.Access;

/// <summary><c>credit blocklist add|remove|list</c>: merchants the lender will not lend to.</summary>
public static class BlocklistCommands
{
    public static Command Create(CliContext context)
    {
        var merchant = new Argument<string>("MERCHANT_ID") { Description = "The merchant." };
        var reason = new Option<string>("--reason") { Description = "Why (shown to officers, recorded in the audit log).", Required = true };
        var by = new Option<string>("--by") { Description = "Who adds it (recorded in the audit log).", DefaultValueFactory = _ => Environment.UserName };
        var add = new Command("add", "Block a merchant: every new decision for it is declined with reason BLOCKLISTED.\nExample: credit blocklist add M000123 --reason \"confirmed fake orders\"") { merchant, reason, by };
        add.SetAction(async (parse, cancellationToken) =>
        {
            using var database = await context.OpenMigratedAsync(parse.GetValue(CreditCli.DatabaseOption), cancellationToken);
            await using var connection = await database.OpenAsync(cancellationToken);
            await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
            var id = parse.GetValue(merchant)!.Trim();
            var text = parse.GetValue(reason)!.Trim();
            if (id.Length == 0 || text.Length == 0)
            {
                throw CliException.Usage("MERCHANT_ID and --reason must not be empty.");
            }

            var added = await BlockList.AddAsync(connection, transaction, id, text, parse.GetValue(by)!, context.Time.GetUtcNow(), cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            await context.Error.WriteLineAsync(added ? $"Blocked {id}." : $"{id} was already blocked; its reason is updated.");
            return ExitCodes.Ok;
        });

        var removeMerchant = new Argument<string>("MERCHANT_ID") { Description = "The merchant." };
        var removeBy = new Option<string>("--by") { Description = "Who removes it (recorded in the audit log).", DefaultValueFactory = _ => Environment.UserName };
        var remove = new Command("remove", "Unblock a merchant.\nExample: credit blocklist remove M000123") { removeMerchant, removeBy };
        remove.SetAction(async (parse, cancellationToken) =>
        {
            using var database = await context.OpenMigratedAsync(parse.GetValue(CreditCli.DatabaseOption), cancellationToken);
            await using var connection = await database.OpenAsync(cancellationToken);
            await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
            var id = parse.GetValue(removeMerchant)!.Trim();
            if (!await BlockList.RemoveAsync(connection, transaction, id, parse.GetValue(removeBy)!, context.Time.GetUtcNow(), cancellationToken))
            {
                throw new CliException($"{id} is not on the block list.");
            }

            await transaction.CommitAsync(cancellationToken);
            await context.Error.WriteLineAsync($"Unblocked {id}.");
            return ExitCodes.Ok;
        });

        var list = new Command("list", "List blocked merchants (tab-separated on stdout: merchant, added, by, reason).\nExample: credit blocklist list");
        list.SetAction(async (parse, cancellationToken) =>
        {
            using var database = await context.OpenMigratedAsync(parse.GetValue(CreditCli.DatabaseOption), cancellationToken);
            await using var connection = await database.OpenAsync(cancellationToken);
            var entries = await BlockList.ListAsync(connection, cancellationToken);
            foreach (var entry in entries)
            {
                await context.Out.WriteLineAsync($"{entry.MerchantId}\t{ApiKeyCommands.Instant(entry.AddedAt)}\t{entry.AddedBy}\t{entry.Reason}");
            }

            await context.Error.WriteLineAsync($"{entries.Count} blocked merchant(s).");
            return ExitCodes.Ok;
        });

        return new Command("blocklist", "The block list: merchants never lent to.") { add, remove, list };
    }
}
