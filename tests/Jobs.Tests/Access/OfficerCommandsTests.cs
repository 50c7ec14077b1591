using Dapper;
using Microcredit.Jobs.Tests.Cli;
using Microcredit.Scoring.Storage;
using Microcredit.Tests;
using Microcredit.Underwriting.Dashboard.Officers;

namespace Microcredit.Jobs.Tests.Access;

public class OfficerCommandsTests
{
    private static readonly DateTimeOffset Now = TimeProvider.System.GetUtcNow();

    [Theory, Engines]
    public async Task Officer_create_prints_a_generated_password_once_and_stores_only_its_hash(DatabaseEngine engine)
    {
        await using var test = await TestDatabase.CreateAsync(engine);

        var created = await CliRunner.RunAsync("officer", "create", "li.wei", "--name", "Li Wei", "--role", "supervisor", "--database", test.Setting);
        var again = await CliRunner.RunAsync("officer", "create", "li.wei", "--database", test.Setting);
        var badRole = await CliRunner.RunAsync("officer", "create", "chen", "--role", "admin", "--database", test.Setting);
        var badId = await CliRunner.RunAsync("officer", "create", "chen wei", "--database", test.Setting);
        var list = await CliRunner.RunAsync("officer", "list", "--database", test.Setting);

        var password = created.Out.Trim();
        await using var connection = await test.Database.OpenAsync();
        var signIn = await OfficerAccounts.SignInAsync(connection, "li.wei", password, OfficerAccounts.DefaultLockout, Now);
        var stored = await connection.QuerySingleAsync<(string Name, string Hash)>("SELECT display_name, password_hash FROM officers WHERE officer_id = 'li.wei'");
        Assert.Equal(0, created.ExitCode);
        Assert.Equal(20, password.Length);
        Assert.Equal(OfficerRoles.Supervisor, signIn.Officer?.Role);
        Assert.Equal("Li Wei", stored.Name);
        Assert.DoesNotContain(password, stored.Hash, StringComparison.Ordinal);
        Assert.Equal(1, again.ExitCode);
        Assert.Contains("already exists", again.Error, StringComparison.Ordinal);
        Assert.Equal(2, badRole.ExitCode);
        Assert.Equal(2, badId.ExitCode);
        Assert.Contains("OFFICER_ID", badId.Error, StringComparison.Ordinal);
        Assert.Contains("li.wei", list.Error, StringComparison.Ordinal);
        Assert.DoesNotContain(password, list.Out + list.Error, StringComparison.Ordinal);
        Assert.Equal(1, await connection.ExecuteScalarAsync<long>("SELECT count(*) FROM audit_events WHERE action = 'officer.create' AND subject = 'li.wei' AND actor = 'cli'"));
    }

    [Theory, Engines]
    public async Task Reset_password_takes_a_password_file_and_lifts_a_lockout(DatabaseEngine engine)
    {
        await using var test = await TestDatabase.CreateAsync(engine);
        var file = Path.Combine(Path.GetTempPath(), "microcredit-tests", $"pw-{Guid.NewGuid():N}.txt");
        Directory.CreateDirectory(Path.GetDirectoryName(file)!);
        await File.WriteAllTextAsync(file, "a chosen passphrase\n");
        await CliRunner.RunAsync("officer", "create", "chen", "--database", test.Setting);
        await using var connection = await test.Database.OpenAsync();
        for (var i = 0; i < 5; i++)
        {
            await OfficerAccounts.SignInAsync(connection, "chen", "wrong", OfficerAccounts.DefaultLockout, Now);
        }

        var locked = await OfficerAccounts.SignInAsync(connection, "chen", "a chosen passphrase", OfficerAccounts.DefaultLockout, Now);
        var reset = await CliRunner.RunAsync("officer", "reset-password", "chen", "--password-file", file, "--database", test.Setting);
        var unknown = await CliRunner.RunAsync("officer", "reset-password", "nobody", "--password-file", file, "--database", test.Setting);
        await File.WriteAllTextAsync(file, "short\n");
        var tooShort = await CliRunner.RunAsync("officer", "reset-password", "chen", "--password-file", file, "--database", test.Setting);
        var after = await OfficerAccounts.SignInAsync(connection, "chen", "a chosen passphrase", OfficerAccounts.DefaultLockout, Now);
        File.Delete(file);

        Assert.Equal(SignInRefusal.LockedOut, locked.Refusal);
        Assert.Equal(0, reset.ExitCode);
        Assert.Equal("", reset.Out);
        Assert.Equal(1, unknown.ExitCode);
        Assert.Equal(1, tooShort.ExitCode);
        Assert.Contains("at least 12 characters", tooShort.Error, StringComparison.Ordinal);
        Assert.True(after.Succeeded);
    }
}
