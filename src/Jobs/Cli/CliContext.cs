using Microcredit.Scoring.Storage;
using Spectre.Console;

namespace Microcredit.Jobs.Cli;

/// <summary>
/// What every command gets: where to write (results on <see cref="Out"/>, human-readable
/// progress and tables on <see cref="Console"/>, which is stderr), the clock, and the database.
/// </summary>
public sealed class CliContext(TextWriter output, TextWriter error, TimeProvider time)
{
    public TextWriter Out { get; } = output;

    public TextWriter Error { get; } = error;

    public TimeProvider Time { get; } = time;

    /// <summary>Human output: tables, progress bars. Goes to stderr so stdout stays machine-readable.</summary>
    public IAnsiConsole Console { get; } = AnsiConsole.Create(new AnsiConsoleSettings
    {
        Out = new AnsiConsoleOutput(error),
        Interactive = InteractionSupport.Detect,
    });

    /// <summary>The database from <c>--database</c>, else <c>MICROCREDIT_DATABASE</c>, else the embedded default.</summary>
    public static Database OpenDatabase(string? setting)
    {
        try
        {
            return Database.FromSetting(setting);
        }
        catch (ArgumentException ex)
        {
            throw CliException.Usage(ex.Message);
        }
    }

    /// <summary>Opens the database and brings its schema up to date, as every command that touches data does.</summary>
    public async Task<Database> OpenMigratedAsync(string? setting, CancellationToken cancellationToken)
    {
        var database = OpenDatabase(setting);
        await new Migrator(database, Time).MigrateAsync(cancellationToken);
        return database;
    }
}
