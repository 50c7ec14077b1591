namespace Microcredit.Jobs.Cli;

/// <summary>
/// A failure whose message is for the user as it stands (no stack trace): a missing file, a bad
/// column, an unknown model. <see cref="ExitCode"/> is 1 for failures, 2 for bad usage.
/// </summary>
public sealed class CliException(string message, int exitCode = ExitCodes.Failure) : Exception(message)
{
    public int ExitCode { get; } = exitCode;

    public static CliException Usage(string message) => new(message, ExitCodes.Usage);
}
