using System.CommandLine;
using Microcredit.Jobs.Cli;
using Microcredit.Scoring.Storage;

namespace Microcredit.Jobs.Storage;

/// <summary><c>credit db migrate</c> and <c>credit db version</c>.</summary>
public static class DbCommand
{
    public static Command Create(CliContext context)
    {
        var migrate = new Command("migrate", "Apply pending schema migrations (a no-op when up to date).\nExample: credit db migrate --database data/microcredit.db");
        migrate.SetAction(async (parse, cancellationToken) =>
        {
            using var database = CliContext.OpenDatabase(parse.GetValue(CreditCli.DatabaseOption));
            var applied = await new Migrator(database, context.Time).MigrateAsync(cancellationToken);
            var version = await new Migrator(database, context.Time).CurrentVersionAsync(cancellationToken);
            await context.Error.WriteLineAsync(applied.Count == 0
                ? $"Schema is up to date at version {version} ({database.Engine})."
                : $"Applied {applied.Count} migration(s) ({string.Join(", ", applied)}); schema is at version {version} ({database.Engine}).");
            return ExitCodes.Ok;
        });

        var version = new Command("version", "Print the schema version of the database.\nExample: credit db version");
        version.SetAction(async (parse, cancellationToken) =>
        {
            using var database = CliContext.OpenDatabase(parse.GetValue(CreditCli.DatabaseOption));
            await context.Out.WriteLineAsync((await new Migrator(database, context.Time).CurrentVersionAsync(cancellationToken)).ToString(System.Globalization.CultureInfo.InvariantCulture));
            return ExitCodes.Ok;
        });

        return new Command("db", "Database schema.") { migrate, version };
    }
}
