using System.CommandLine;
using Microcredit.Jobs.Import;
using Microcredit.Jobs.Storage;

namespace Microcredit.Jobs.Cli;

/// <summary>The <c>credit</c> command line: one root, a subcommand per feature.</summary>
public static class CreditCli
{
    /// <summary>Every command that touches data takes it; it falls back to MICROCREDIT_DATABASE.</summary>
    public static readonly Option<string?> DatabaseOption = new("--database")
    {
        Description = "SQLite file path or 'Data Source=…', or a PostgreSQL 'Host=…' connection string. Default: $MICROCREDIT_DATABASE, then data/microcredit.db.",
        Recursive = true,
    };

    public static RootCommand Build(CliContext context)
    {
        var root = new RootCommand("credit: Microcredit's command line for data, models and jobs.");
        root.Options.Add(DatabaseOption);
        root.Subcommands.Add(DbCommand.Create(context));
        root.Subcommands.Add(ImportCommand.Create(context));
        root.Subcommands.Add(Simulation.SimulateCommand.Create(context));
        foreach (var command in Models.ModelCommands.Create(context)) { root.Subcommands.Add(command); }
        Features.FeaturesCommands.AddTo(root, context);
        root.Subcommands.Add(Access.ApiKeyCommands.Create(context));
        root.Subcommands.Add(Access.BlocklistCommands.Create(context));
        root.Subcommands.Add(Access.OfficerCommands.Create(context));
        root.Subcommands.Add(Models.RegistryCommands.Create(context));
        root.Subcommands.Add(Decisions.ReplayCommand.Create(context));
        root.Subcommands.Add(Offers.OffersCommands.Create(context));
        root.Subcommands.Add(Platform.RunCommand.Create(context));
        foreach (var command in Settlement.SettlementCommands.Create(context)) { root.Subcommands.Add(command); }
        root.Subcommands.Add(Scheduling.JobsCommands.Create(context));
        return root;
    }

    public static async Task<int> RunAsync(string[] args, TextWriter output, TextWriter error, TimeProvider? time = null, CancellationToken cancellationToken = default)
    {
        var context = new CliContext(output, error, time ?? TimeProvider.System);
        var parse = Build(context).Parse(args);
        if (parse.Errors.Count > 0)
        {
            foreach (var parseError in parse.Errors)
            {
                await error.WriteLineAsync($"error: {parseError.Message}");
            }

            await error.WriteLineAsync("Run with --help for usage.");
            return ExitCodes.Usage;
        }

        try
        {
            return await parse.InvokeAsync(new InvocationConfiguration { Output = output, Error = error, EnableDefaultExceptionHandler = false }, cancellationToken);
        }
        catch (CliException ex)
        {
            await error.WriteLineAsync($"error: {ex.Message}");
            return ex.ExitCode;
        }
        catch (OperationCanceledException)
        {
            await error.WriteLineAsync("error: cancelled");
            return ExitCodes.Failure;
        }
        catch (Exception ex) when (ex is System.Data.Common.DbException or IOException or UnauthorizedAccessException)
        {
            // The environment failed (database down, disk full, no permission): say what, without a stack trace.
            await error.WriteLineAsync($"error: {ex.GetType().Name}: {ex.Message}");
            return ExitCodes.Failure;
        }
    }
}
