using System.CommandLine;
using Microcredit.Jobs.Cli;
using Microcredit.Underwriting.Dashboard.Officers;
using Spectre.Console;

namespace Microcredit.Jobs.Access;

/// <summary><c>credit officer create|reset-password|list</c>: the dashboard's officer and supervisor accounts.</summary>
public static class OfficerCommands
{
    public static Command Create(CliContext context)
    {
        var idArgument = new Argument<string>("OFFICER_ID") { Description = "The sign-in name, e.g. li.wei." };
        var name = new Option<string?>("--name") { Description = "The name shown on the dashboard and in the audit (default: the id)." };
        var role = new Option<string>("--role") { Description = "officer or supervisor.", DefaultValueFactory = _ => OfficerRoles.Officer };
        role.AcceptOnlyFromAmong(OfficerRoles.Officer, OfficerRoles.Supervisor);
        var passwordFile = PasswordFileOption();
        var create = new Command(
            "create",
            "Create a dashboard account. Without --password-file a password is generated and printed once on stdout.\nExample: credit officer create li.wei --name \"Li Wei\" --role supervisor")
        { idArgument, name, role, passwordFile };
        create.SetAction(async (parse, cancellationToken) =>
        {
            var id = OfficerId(parse.GetValue(idArgument)!);
            var (password, generated) = Password(parse.GetValue(passwordFile));
            using var database = await context.OpenMigratedAsync(parse.GetValue(CreditCli.DatabaseOption), cancellationToken);
            await using var connection = await database.OpenAsync(cancellationToken);
            await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
            var displayName = parse.GetValue(name) is { Length: > 0 } given ? given.Trim() : id;
            if (!await OfficerAccounts.CreateAsync(connection, transaction, id, displayName, parse.GetValue(role)!, password, "cli", context.Time.GetUtcNow(), cancellationToken))
            {
                throw new CliException($"OFFICER_ID: an officer '{id}' already exists; use credit officer reset-password.");
            }

            await transaction.CommitAsync(cancellationToken);
            if (generated)
            {
                await context.Out.WriteLineAsync(password);
            }

            await context.Error.WriteLineAsync($"Created {parse.GetValue(role)} {id}.{(generated ? " The password above is shown only now." : "")}");
            return ExitCodes.Ok;
        });

        var resetId = new Argument<string>("OFFICER_ID") { Description = "The sign-in name." };
        var resetFile = PasswordFileOption();
        var reset = new Command(
            "reset-password",
            "Set a new password, lift a lockout and end the officer's sessions on every instance.\nExample: credit officer reset-password li.wei")
        { resetId, resetFile };
        reset.SetAction(async (parse, cancellationToken) =>
        {
            var id = OfficerId(parse.GetValue(resetId)!);
            var (password, generated) = Password(parse.GetValue(resetFile));
            using var database = await context.OpenMigratedAsync(parse.GetValue(CreditCli.DatabaseOption), cancellationToken);
            await using var connection = await database.OpenAsync(cancellationToken);
            await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
            if (!await OfficerAccounts.ResetPasswordAsync(connection, transaction, id, password, "cli", context.Time.GetUtcNow(), cancellationToken))
            {
                throw new CliException($"OFFICER_ID: no officer '{id}'.");
            }

            await transaction.CommitAsync(cancellationToken);
            if (generated)
            {
                await context.Out.WriteLineAsync(password);
            }

            await context.Error.WriteLineAsync($"Reset the password of {id}.{(generated ? " The password above is shown only now." : "")}");
            return ExitCodes.Ok;
        });

        var list = new Command("list", "List dashboard accounts (never passwords).\nExample: credit officer list");
        list.SetAction(async (parse, cancellationToken) =>
        {
            using var database = await context.OpenMigratedAsync(parse.GetValue(CreditCli.DatabaseOption), cancellationToken);
            await using var connection = await database.OpenAsync(cancellationToken);
            var now = Scoring.Storage.DbTime.ToDb(context.Time.GetUtcNow());
            var table = new Table().AddColumns("officer", "name", "role", "created", "locked until");
            foreach (var officer in await OfficerAccounts.ListAsync(connection, cancellationToken))
            {
                table.AddRow(officer.OfficerId, Markup.Escape(officer.DisplayName), officer.Role, ApiKeyCommands.Instant(officer.CreatedAt),
                    officer.LockedUntil is { } until && until > now ? ApiKeyCommands.Instant(until) : "");
            }

            context.Console.Write(table);
            return ExitCodes.Ok;
        });

        return new Command("officer", "Dashboard accounts of loan officers and supervisors.") { create, reset, list };
    }

    private static Option<string?> PasswordFileOption() =>
        new("--password-file") { Description = "Read the password from the first line of FILE ('-' for stdin) instead of generating one." };

    private static string OfficerId(string value)
    {
        var id = value.Trim();
        return id.Length is > 0 and <= 64 && id.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-')
            ? id
            : throw CliException.Usage("OFFICER_ID: use 1 to 64 letters, digits, '.', '_' or '-'.");
    }

    private static (string Password, bool Generated) Password(string? file)
    {
        if (file is null)
        {
            return (PasswordRules.Generate(), true);
        }

        string? line;
        if (file == "-")
        {
            line = Console.In.ReadLine();
        }
        else if (File.Exists(file))
        {
            line = File.ReadLines(file).FirstOrDefault();
        }
        else
        {
            throw new CliException($"--password-file: file {file} not found.");
        }

        var password = line ?? "";
        return PasswordRules.Problem(password) is { } problem ? throw new CliException($"--password-file: {problem}") : (password, false);
    }
}
