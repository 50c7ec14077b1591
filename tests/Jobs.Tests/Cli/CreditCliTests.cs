using Microcredit.Jobs.Cli;
using Microcredit.Scoring.Storage;
using Microcredit.Tests;

namespace Microcredit.Jobs.Tests.Cli;

public class CreditCliTests
{
    [Fact]
    public async Task UnknownCommand_ExitsWithUsageCode()
    {
        var result = await CliRunner.RunAsync("no-such-command");

        Assert.Equal(ExitCodes.Usage, result.ExitCode);
        Assert.Contains("no-such-command", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task EveryCommand_HasHelpWithAnExample()
    {
        var root = CreditCli.Build(new CliContext(TextWriter.Null, TextWriter.Null, TimeProvider.System));
        var leaves = Leaves(root, "").ToList();
        Assert.NotEmpty(leaves);
        foreach (var (path, command) in leaves)
        {
            var result = await CliRunner.RunAsync([.. path.Split(' ', StringSplitOptions.RemoveEmptyEntries), "--help"]);
            Assert.True(result.ExitCode == ExitCodes.Ok, $"credit {path} --help exited {result.ExitCode}");
            Assert.True(command.Description?.Contains("Example:", StringComparison.Ordinal) == true, $"credit {path} has no example in its help");
        }
    }

    [Theory, Engines]
    public async Task DbMigrate_TwiceOnTheSameDatabase_Succeeds(DatabaseEngine engine)
    {
        await using var test = await TestDatabase.CreateAsync(engine, migrate: false);

        var first = await CliRunner.RunAsync("db", "migrate", "--database", test.Setting);
        var second = await CliRunner.RunAsync("db", "migrate", "--database", test.Setting);

        Assert.Equal(ExitCodes.Ok, first.ExitCode);
        Assert.Equal(ExitCodes.Ok, second.ExitCode);
        Assert.Contains("up to date", second.Error, StringComparison.Ordinal);
    }

    private static IEnumerable<(string Path, System.CommandLine.Command Command)> Leaves(System.CommandLine.Command command, string path)
    {
        if (command.Subcommands.Count == 0)
        {
            yield return (path, command);
        }

        foreach (var sub in command.Subcommands)
        {
            foreach (var leaf in Leaves(sub, $"{path} {sub.Name}".Trim()))
            {
                yield return leaf;
            }
        }
    }
}
