using Dapper;
using Microcredit.Scoring.Storage;
using Microcredit.Tests;
using Microcredit.Underwriting.Dashboard.Officers;

namespace Microcredit.Underwriting.Tests.Dashboard;

public class OfficerAccountsTests
{
    private static readonly DateTimeOffset Start = new(2026, 11, 2, 9, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Lockout = TimeSpan.FromMinutes(15);

    [Theory, Engines]
    public async Task The_right_password_signs_in_and_a_wrong_one_or_an_unknown_name_does_not(DatabaseEngine engine)
    {
        await using var database = await TestDatabase.CreateAsync(engine);
        await using var connection = await database.Database.OpenAsync();
        await CreateAsync(connection, "li.wei", OfficerRoles.Supervisor, "correct horse battery");

        var right = await OfficerAccounts.SignInAsync(connection, "li.wei", "correct horse battery", Lockout, Start);
        var wrong = await OfficerAccounts.SignInAsync(connection, "li.wei", "correct horse batterY", Lockout, Start);
        var unknown = await OfficerAccounts.SignInAsync(connection, "nobody", "correct horse battery", Lockout, Start);
        var stored = await connection.QuerySingleAsync<string>("SELECT password_hash FROM officers WHERE officer_id = 'li.wei'");

        Assert.True(right.Succeeded);
        Assert.Equal(OfficerRoles.Supervisor, right.Officer!.Role);
        Assert.Equal(SignInRefusal.InvalidCredentials, wrong.Refusal);
        Assert.Equal(SignInRefusal.InvalidCredentials, unknown.Refusal);
        Assert.DoesNotContain("correct horse", stored, StringComparison.Ordinal);
        Assert.Equal(
            ["officer.create", "officer.sign-in", "officer.sign-in-failed"],
            await connection.QueryAsync<string>("SELECT action FROM audit_events WHERE subject = 'li.wei' ORDER BY at, action"));
    }

    [Theory, Engines]
    public async Task The_fifth_failure_locks_the_account_even_against_the_right_password_until_the_lock_ends(DatabaseEngine engine)
    {
        await using var database = await TestDatabase.CreateAsync(engine);
        await using var connection = await database.Database.OpenAsync();
        await CreateAsync(connection, "chen", OfficerRoles.Officer, "twelve chars ok");

        var failures = new List<OfficerSignIn>();
        for (var i = 0; i < 5; i++)
        {
            failures.Add(await OfficerAccounts.SignInAsync(connection, "chen", "guess " + i, Lockout, Start.AddMinutes(i)));
        }

        var lockedRight = await OfficerAccounts.SignInAsync(connection, "chen", "twelve chars ok", Lockout, Start.AddMinutes(18));
        var afterLock = await OfficerAccounts.SignInAsync(connection, "chen", "twelve chars ok", Lockout, Start.AddMinutes(19));

        Assert.All(failures.Take(4), f => Assert.Equal(SignInRefusal.InvalidCredentials, f.Refusal));
        Assert.Equal(SignInRefusal.LockedOut, failures[4].Refusal);
        Assert.Equal(Start.AddMinutes(4 + 15), failures[4].LockedUntil);
        Assert.Equal(SignInRefusal.LockedOut, lockedRight.Refusal);
        Assert.True(afterLock.Succeeded);
        Assert.Equal(1, await connection.ExecuteScalarAsync<long>("SELECT count(*) FROM audit_events WHERE subject = 'chen' AND action = 'officer.locked-out'"));
        Assert.Equal(0, await connection.ExecuteScalarAsync<long>("SELECT failed_attempts FROM officers WHERE officer_id = 'chen'"));
    }

    [Theory, Engines]
    public async Task After_a_lock_runs_out_the_count_starts_again_and_a_success_clears_it(DatabaseEngine engine)
    {
        await using var database = await TestDatabase.CreateAsync(engine);
        await using var connection = await database.Database.OpenAsync();
        await CreateAsync(connection, "chen", OfficerRoles.Officer, "twelve chars ok");
        for (var i = 0; i < 5; i++)
        {
            await OfficerAccounts.SignInAsync(connection, "chen", "guess", Lockout, Start);
        }

        // 16 minutes later the lock is over: one more failure is the first of a new count, not a new lock.
        var firstOfNewCount = await OfficerAccounts.SignInAsync(connection, "chen", "guess", Lockout, Start.AddMinutes(16));
        var count = await connection.ExecuteScalarAsync<long>("SELECT failed_attempts FROM officers WHERE officer_id = 'chen'");
        var lockedUntil = await connection.ExecuteScalarAsync<long?>("SELECT locked_until FROM officers WHERE officer_id = 'chen'");
        var fourFailuresThenSuccess = new List<OfficerSignIn>();
        for (var i = 0; i < 3; i++)
        {
            fourFailuresThenSuccess.Add(await OfficerAccounts.SignInAsync(connection, "chen", "guess", Lockout, Start.AddMinutes(17)));
        }

        fourFailuresThenSuccess.Add(await OfficerAccounts.SignInAsync(connection, "chen", "twelve chars ok", Lockout, Start.AddMinutes(17)));

        Assert.Equal(SignInRefusal.InvalidCredentials, firstOfNewCount.Refusal);
        Assert.Equal(1, count);
        Assert.Null(lockedUntil);
        Assert.True(fourFailuresThenSuccess[^1].Succeeded);
    }

    [Theory, Engines]
    public async Task Resetting_a_password_lifts_the_lock_and_changes_the_security_stamp(DatabaseEngine engine)
    {
        await using var database = await TestDatabase.CreateAsync(engine);
        await using var connection = await database.Database.OpenAsync();
        await CreateAsync(connection, "chen", OfficerRoles.Officer, "twelve chars ok");
        for (var i = 0; i < 5; i++)
        {
            await OfficerAccounts.SignInAsync(connection, "chen", "guess", Lockout, Start);
        }

        var stampBefore = (await OfficerAccounts.FindAsync(connection, "chen"))!.SecurityStamp;
        bool reset, missing;
        await using (var transaction = await connection.BeginTransactionAsync())
        {
            reset = await OfficerAccounts.ResetPasswordAsync(connection, transaction, "chen", "a brand new secret", "cli", Start.AddMinutes(1));
            missing = await OfficerAccounts.ResetPasswordAsync(connection, transaction, "nobody", "a brand new secret", "cli", Start.AddMinutes(1));
            await transaction.CommitAsync();
        }

        var old = await OfficerAccounts.SignInAsync(connection, "chen", "twelve chars ok", Lockout, Start.AddMinutes(2));
        var renewed = await OfficerAccounts.SignInAsync(connection, "chen", "a brand new secret", Lockout, Start.AddMinutes(2));

        Assert.True(reset);
        Assert.False(missing);
        Assert.Equal(SignInRefusal.InvalidCredentials, old.Refusal);
        Assert.True(renewed.Succeeded);
        Assert.NotEqual(stampBefore, renewed.Officer!.SecurityStamp);
    }

    [Theory, Engines]
    public async Task An_officer_id_is_created_once(DatabaseEngine engine)
    {
        await using var database = await TestDatabase.CreateAsync(engine);
        await using var connection = await database.Database.OpenAsync();

        var first = await CreateAsync(connection, "chen", OfficerRoles.Officer, "twelve chars ok");
        var second = await CreateAsync(connection, "chen", OfficerRoles.Supervisor, "another password");

        Assert.True(first);
        Assert.False(second);
        Assert.Equal(OfficerRoles.Officer, (await OfficerAccounts.FindAsync(connection, "chen"))!.Role);
    }

    [Fact]
    public void A_password_needs_twelve_characters_and_generated_ones_have_twenty()
    {
        Assert.NotNull(PasswordRules.Problem("elevenchars"));
        Assert.Null(PasswordRules.Problem("twelve chars"));
        Assert.NotNull(PasswordRules.Problem("            "));
        Assert.Equal(20, PasswordRules.Generate().Length);
        Assert.NotEqual(PasswordRules.Generate(), PasswordRules.Generate());
    }

    internal static async Task<bool> CreateAsync(System.Data.Common.DbConnection connection, string id, string role, string password)
    {
        await using var transaction = await connection.BeginTransactionAsync();
        var created = await OfficerAccounts.CreateAsync(connection, transaction, id, id, role, password, "cli", Start.AddHours(-1));
        await transaction.CommitAsync();
        return created;
    }
}
