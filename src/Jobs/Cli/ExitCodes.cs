namespace Microcredit.Jobs.Cli;

/// <summary>The process exit codes of <c>credit</c>.</summary>
public static class ExitCodes
{
    public const int Ok = 0;
    public const int Failure = 1;
    public const int Usage = 2;
}
