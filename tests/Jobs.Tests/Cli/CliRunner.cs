using Microcredit.Jobs.Cli;

namespace Microcredit.Jobs.Tests.Cli;

/// <summary>Runs the <c>credit</c> CLI in-process and captures its streams.</summary>
public static class CliRunner
{
    public sealed record Result(int ExitCode, string Out, string Error);

    public static async Task<Result> RunAsync(TimeProvider? time, params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var code = await CreditCli.RunAsync(args, output, error, time);
        return new Result(code, output.ToString(), error.ToString());
    }

    public static Task<Result> RunAsync(params string[] args) => RunAsync(null, args);
}
