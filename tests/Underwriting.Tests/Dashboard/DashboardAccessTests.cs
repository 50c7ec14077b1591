using System.Net;
using Dapper;
using Microcredit.Scoring.Storage;
using Microcredit.Tests;
using Microcredit.Underwriting.Dashboard.Officers;
using Microcredit.Underwriting.Tests.Api;

namespace Microcredit.Underwriting.Tests.Dashboard;

public class DashboardAccessTests
{
    private static readonly DateTimeOffset Start = new(2026, 11, 2, 9, 0, 0, TimeSpan.Zero);

    /// <summary>Every dashboard page; each must send a visitor without a session to the sign-in form.</summary>
    public static readonly string[] Pages = ["/", "/reviews", "/reviews?queue=supervisors", "/reviews/dec_ANY", "/audit", "/portfolio", "/models", "/jobs"];

    [Theory, Engines]
    public async Task Without_a_session_every_page_redirects_to_sign_in(DatabaseEngine engine)
    {
        await using var database = await TestDatabase.CreateAsync(engine);
        await using var factory = new ApiFactory(database, new TestClock(Start));
        using var session = DashboardSession.Open(factory);

        foreach (var page in Pages)
        {
            var response = await session.GetAsync(page);
            Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
            Assert.StartsWith("/signin?ReturnUrl=%2F", DashboardSession.Target(response), StringComparison.Ordinal);
        }
    }

    [Theory, Engines]
    public async Task Signing_in_sets_a_session_cookie_that_opens_the_dashboard_and_signing_out_ends_it(DatabaseEngine engine)
    {
        await using var database = await TestDatabase.CreateAsync(engine);
        await DashboardSession.CreateOfficerAsync(database.Database, "chen", OfficerRoles.Officer, "twelve chars ok", Start);
        await using var factory = new ApiFactory(database, new TestClock(Start));
        using var session = DashboardSession.Open(factory);

        var wrong = await session.SignInAsync("chen", "not the password");
        var wrongHtml = await wrong.Content.ReadAsStringAsync();
        var signIn = await session.SignInAsync("chen", "twelve chars ok");
        var home = await session.GetAsync("/");
        var setCookie = string.Join(";", signIn.Headers.GetValues("Set-Cookie"));
        var signOut = await session.SubmitAsync("/signin", [], "/signout");
        var afterSignOut = await session.GetAsync("/");

        Assert.Equal(HttpStatusCode.OK, wrong.StatusCode);
        Assert.Contains("Wrong officer id or password.", wrongHtml, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Redirect, signIn.StatusCode);
        Assert.Contains("mc_officer=", setCookie, StringComparison.Ordinal);
        Assert.Contains("httponly", setCookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("samesite=strict", setCookie, StringComparison.OrdinalIgnoreCase);
        Assert.Equal("/reviews", DashboardSession.Target(home));
        Assert.Equal("/signin", DashboardSession.Target(signOut));
        Assert.StartsWith("/signin?ReturnUrl=%2F", DashboardSession.Target(afterSignOut), StringComparison.Ordinal);
    }

    [Theory, Engines]
    public async Task A_form_post_without_the_antiforgery_token_is_refused(DatabaseEngine engine)
    {
        await using var database = await TestDatabase.CreateAsync(engine);
        await DashboardSession.CreateOfficerAsync(database.Database, "chen", OfficerRoles.Officer, "twelve chars ok", Start);
        await using var factory = new ApiFactory(database, new TestClock(Start));
        using var session = DashboardSession.Open(factory);

        var forged = await session.Client.PostAsync(
            new Uri("/signin", UriKind.Relative),
            new FormUrlEncodedContent(new Dictionary<string, string> { ["OfficerId"] = "chen", ["Password"] = "twelve chars ok" }));

        Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);
        Assert.False(forged.Headers.Contains("Set-Cookie") && forged.Headers.GetValues("Set-Cookie").Any(c => c.StartsWith("mc_officer=", StringComparison.Ordinal)));
    }

    [Theory, Engines]
    public async Task The_fifth_wrong_password_locks_the_account_and_the_form_says_so(DatabaseEngine engine)
    {
        await using var database = await TestDatabase.CreateAsync(engine);
        await DashboardSession.CreateOfficerAsync(database.Database, "chen", OfficerRoles.Officer, "twelve chars ok", Start);
        await using var factory = new ApiFactory(database, new TestClock(Start));
        using var session = DashboardSession.Open(factory);

        for (var i = 0; i < 5; i++)
        {
            await session.SignInAsync("chen", "wrong " + i);
        }

        var right = await session.SignInAsync("chen", "twelve chars ok");
        var html = await right.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, right.StatusCode);
        Assert.Contains("This account is locked after 5 failed sign-ins until 2026-11-02 09:15 UTC.", html, StringComparison.Ordinal);
    }

    [Theory, Engines]
    public async Task A_session_from_one_instance_is_accepted_by_another_through_the_shared_key_ring(DatabaseEngine engine)
    {
        await using var database = await TestDatabase.CreateAsync(engine);
        await DashboardSession.CreateOfficerAsync(database.Database, "chen", OfficerRoles.Officer, "twelve chars ok", Start);
        await using var first = new ApiFactory(database, new TestClock(Start));
        await using var second = new ApiFactory(database, new TestClock(Start));
        using var one = DashboardSession.Open(first);
        using var other = DashboardSession.Open(second);

        var signIn = await one.SignInAsync("chen", "twelve chars ok");
        var cookie = signIn.Headers.GetValues("Set-Cookie").First(c => c.StartsWith("mc_officer=", StringComparison.Ordinal)).Split(';')[0];
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri("/", UriKind.Relative));
        request.Headers.Add("Cookie", cookie);
        var onOther = await other.Client.SendAsync(request);
        await using var connection = await database.Database.OpenAsync();
        var keys = await connection.ExecuteScalarAsync<long>("SELECT count(*) FROM data_protection_keys");

        Assert.Equal("/reviews", DashboardSession.Target(onOther));
        Assert.Equal(1, keys);
    }

    [Theory, Engines]
    public async Task Resetting_the_password_ends_the_officers_open_sessions(DatabaseEngine engine)
    {
        await using var database = await TestDatabase.CreateAsync(engine);
        await DashboardSession.CreateOfficerAsync(database.Database, "chen", OfficerRoles.Officer, "twelve chars ok", Start);
        await using var factory = new ApiFactory(database, new TestClock(Start));
        using var session = DashboardSession.Open(factory);
        await session.SignInAsync("chen", "twelve chars ok");
        var before = await session.GetAsync("/");

        await using (var connection = await database.Database.OpenAsync())
        await using (var transaction = await connection.BeginTransactionAsync())
        {
            await OfficerAccounts.ResetPasswordAsync(connection, transaction, "chen", "a brand new secret", "cli", Start);
            await transaction.CommitAsync();
        }

        var after = await session.GetAsync("/");

        Assert.Equal("/reviews", DashboardSession.Target(before));
        Assert.StartsWith("/signin?ReturnUrl=%2F", DashboardSession.Target(after), StringComparison.Ordinal);
    }
}
