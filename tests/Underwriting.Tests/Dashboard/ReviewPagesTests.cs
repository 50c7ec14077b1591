using System.Net;
using System.Text.RegularExpressions;
using Microcredit.Scoring.Storage;
using Microcredit.Tests;
using Microcredit.Underwriting.Dashboard.Officers;
using Microcredit.Underwriting.Decisions;
using Microcredit.Underwriting.Tests.Api;
using Microcredit.Underwriting.Tests.Reviewing;
using Microsoft.AspNetCore.Hosting;

namespace Microcredit.Underwriting.Tests.Dashboard;

public partial class ReviewPagesTests
{
    private const string Password = "twelve chars ok";

    [Theory, Engines]
    public async Task The_queue_lists_referred_cases_oldest_first_with_counts_and_filters(DatabaseEngine engine)
    {
        await using var world = await CastAsync(engine);
        var first = await ReviewKit.ReferAsync(world);
        world.Clock.Advance(TimeSpan.FromDays(2));
        var second = await ReviewKit.ReferAsync(world, 700m);
        await ReviewKit.ActAsync(world, ReviewKit.Chen, second, 0, "escalate", note: "look at the refunds");
        using var chen = await SignedInAsync(world, "chen");
        using var liWei = await SignedInAsync(world, "li.wei");

        var officers = await HtmlAsync(await chen.GetAsync("/reviews"));
        var otherMerchant = await HtmlAsync(await chen.GetAsync("/reviews?merchant=M_GOOD"));
        var oldEnough = await HtmlAsync(await chen.GetAsync("/reviews?minAge=2"));
        var tooYoung = await HtmlAsync(await chen.GetAsync("/reviews?minAge=3"));
        var officerAsksEscalated = await chen.GetAsync("/reviews?queue=supervisors");
        var escalated = await HtmlAsync(await liWei.GetAsync("/reviews?queue=supervisors"));

        Assert.Contains(first, officers, StringComparison.Ordinal);
        Assert.DoesNotContain(second, officers, StringComparison.Ordinal);
        Assert.Contains("<div class=\"value\" id=\"count-officers\">1</div>", officers, StringComparison.Ordinal);
        Assert.Contains("<div class=\"value\" id=\"count-supervisors\">1</div>", officers, StringComparison.Ordinal);
        Assert.DoesNotContain(first, otherMerchant, StringComparison.Ordinal);
        Assert.Contains(first, oldEnough, StringComparison.Ordinal);
        Assert.DoesNotContain(first, tooYoung, StringComparison.Ordinal);
        Assert.StartsWith("/denied", DashboardSession.Target(officerAsksEscalated), StringComparison.Ordinal);
        Assert.Contains(second, escalated, StringComparison.Ordinal);
        Assert.Contains("look at the refunds", escalated, StringComparison.Ordinal);
        Assert.DoesNotContain(first, escalated, StringComparison.Ordinal);
    }

    [Theory, Engines]
    public async Task The_case_page_shows_the_merchant_the_decision_and_the_forms_the_role_allows(DatabaseEngine engine)
    {
        await using var world = await CastAsync(engine);
        var id = await ReviewKit.ReferAsync(world);
        using var chen = await SignedInAsync(world, "chen");
        using var liWei = await SignedInAsync(world, "li.wei");

        var officerView = await HtmlAsync(await chen.GetAsync($"/reviews/{id}"));
        var supervisorView = await HtmlAsync(await liWei.GetAsync($"/reviews/{id}"));
        var unknown = await chen.GetAsync("/reviews/dec_NOSUCH");

        // M_MID: apparel, east, KYC verified, registered 2025-01-01; one order of 100.00 paid on 2026-10-27.
        Assert.Contains("<tr><th>Category</th><td>apparel</td></tr>", officerView, StringComparison.Ordinal);
        Assert.Contains("<tr><th>Registered</th><td>2025-01-01</td></tr>", officerView, StringComparison.Ordinal);
        Assert.Contains("<tr><th>KYC</th><td>verified</td></tr>", officerView, StringComparison.Ordinal);
        Assert.Matches(@"<td>2026-10</td>\s*<td class=""num"">1</td>\s*<td class=""num"">100.00 CNY</td>", officerView);
        Assert.Contains("id=\"sales-chart\"", officerView, StringComparison.Ordinal);
        Assert.Contains("<code>TENURE_DAYS</code>", officerView, StringComparison.Ordinal);
        Assert.Contains("670 days", officerView, StringComparison.Ordinal);
        Assert.Contains("<td id=\"grade\">R</td>", officerView, StringComparison.Ordinal);
        Assert.Contains("id=\"approve\"", officerView, StringComparison.Ordinal);
        Assert.Contains("id=\"escalate\"", officerView, StringComparison.Ordinal);
        Assert.DoesNotContain("id=\"override\"", officerView, StringComparison.Ordinal);
        Assert.Contains("id=\"override\"", supervisorView, StringComparison.Ordinal);
        Assert.DoesNotContain("id=\"escalate\"", supervisorView, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
    }

    [Theory, Engines]
    public async Task Declining_without_a_reason_is_refused_and_changes_nothing(DatabaseEngine engine)
    {
        await using var world = await CastAsync(engine);
        var id = await ReviewKit.ReferAsync(world);
        using var chen = await SignedInAsync(world, "chen");

        var refused = await chen.SubmitAsync($"/reviews/{id}", new() { ["Version"] = "0", ["Note"] = "   " }, $"/reviews/{id}?handler=Decline");
        var html = await HtmlAsync(refused);

        Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.StatusCode);
        Assert.Contains("Give the reason for the decline.", html, StringComparison.Ordinal);
        Assert.Equal(0, await world.CountAsync("review_actions"));
        Assert.Equal(0, await world.CountAsync("audit_events WHERE action LIKE 'review.%'"));
    }

    [Theory, Engines]
    public async Task An_officer_may_not_override_a_decision(DatabaseEngine engine)
    {
        await using var world = await CastAsync(engine);
        var id = await ReviewKit.DecideAsync(world, ApiWorld.Good);
        using var chen = await SignedInAsync(world, "chen");

        var attempt = await chen.SubmitAsync($"/reviews/{id}", new() { ["Version"] = "0", ["Outcome"] = "declined", ["Note"] = "I think not" }, $"/reviews/{id}?handler=Override");
        var denied = await chen.GetAsync(DashboardSession.Target(attempt));

        Assert.Equal(HttpStatusCode.Redirect, attempt.StatusCode);
        Assert.StartsWith("/denied", DashboardSession.Target(attempt), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Forbidden, denied.StatusCode);
        Assert.Equal(0, await world.CountAsync("review_actions"));
    }

    [Theory, Engines]
    public async Task When_another_officer_acted_first_the_page_says_who_did_what_and_when(DatabaseEngine engine)
    {
        await using var world = await CastAsync(engine);
        var id = await ReviewKit.ReferAsync(world);
        using var chen = await SignedInAsync(world, "chen");
        using var wang = await SignedInAsync(world, "wang");

        // Both opened the case at version 0; Chen approves first, Wang's decline carries the old version.
        var approved = await chen.SubmitAsync($"/reviews/{id}", new() { ["Version"] = "0", ["Amount"] = "600.00", ["Note"] = "" }, $"/reviews/{id}?handler=Approve");
        var afterApproval = await HtmlAsync(await chen.GetAsync(DashboardSession.Target(approved)));
        var late = await wang.SubmitAsync($"/reviews/{id}", new() { ["Version"] = "0", ["Note"] = "refunds too high" }, $"/reviews/{id}?handler=Decline");
        var lateHtml = await HtmlAsync(late);

        Assert.Equal($"/reviews/{id}", DashboardSession.Target(approved));
        Assert.Contains("Approved 600.00 CNY.", afterApproval, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Conflict, late.StatusCode);
        Assert.Contains("already approved by chen at 10:00 UTC on 2026-11-02", lateHtml, StringComparison.Ordinal);
        Assert.Equal(1, await world.CountAsync("review_actions"));
        Assert.Equal("approved", (string?)(await ReviewKit.GetDecisionAsync(world, id))["finalOutcome"]);
    }

    [Theory, Engines]
    public async Task Above_the_officers_limit_the_page_says_to_escalate(DatabaseEngine engine)
    {
        await using var world = await CastAsync(engine);
        var id = await ReviewKit.ReferAsync(world);
        await using var lowLimits = new ApiFactory(world.Database, world.Clock, builder =>
        {
            builder.UseSetting(RunningPolicy.ConfigurationKey, world.PolicyPath);
            builder.UseSetting("Dashboard:ApprovalLimits:officer", "500");
        });
        using var chen = DashboardSession.Open(lowLimits);
        await chen.SignInAsync("chen", Password);

        var above = await chen.SubmitAsync($"/reviews/{id}", new() { ["Version"] = "0", ["Amount"] = "600.00" }, $"/reviews/{id}?handler=Approve");

        Assert.Equal(HttpStatusCode.UnprocessableEntity, above.StatusCode);
        Assert.Contains("600.00 CNY is above your approval limit of 500.00 CNY: escalate the case to a supervisor.", await HtmlAsync(above), StringComparison.Ordinal);
        Assert.Equal(0, await world.CountAsync("review_actions"));
    }

    [Theory, Engines]
    public async Task The_audit_page_filters_by_actor_action_subject_and_date(DatabaseEngine engine)
    {
        await using var world = await CastAsync(engine);
        var id = await ReviewKit.ReferAsync(world);
        world.Clock.Advance(TimeSpan.FromMinutes(1));
        using var chen = await SignedInAsync(world, "chen");
        world.Clock.Advance(TimeSpan.FromMinutes(1));
        using var wang = await SignedInAsync(world, "wang");
        world.Clock.Advance(TimeSpan.FromMinutes(1));
        await chen.SubmitAsync($"/reviews/{id}", new() { ["Version"] = "0", ["Amount"] = "600.00" }, $"/reviews/{id}?handler=Approve");
        world.Clock.Advance(TimeSpan.FromMinutes(1));
        using var liWei = await SignedInAsync(world, "li.wei");

        var byChen = Rows(await HtmlAsync(await liWei.GetAsync("/audit?actor=chen")));
        var reviews = Rows(await HtmlAsync(await liWei.GetAsync("/audit?action=review.")));
        var aboutCase = Rows(await HtmlAsync(await liWei.GetAsync($"/audit?subject={id}")));
        var tomorrow = Rows(await HtmlAsync(await liWei.GetAsync("/audit?from=2026-11-03")));
        var today = Rows(await HtmlAsync(await liWei.GetAsync("/audit?from=2026-11-02&to=2026-11-02&actor=wang")));

        Assert.Equal([("chen", "review.approve"), ("chen", "officer.sign-in")], byChen.Select(r => (r.Actor, r.Action)));
        Assert.Equal([("chen", "review.approve")], reviews.Select(r => (r.Actor, r.Action)));
        Assert.Equal(["review.approve", "decision.credit"], aboutCase.Select(r => r.Action));
        Assert.Empty(tomorrow);
        Assert.Equal([("wang", "officer.sign-in")], today.Select(r => (r.Actor, r.Action)));
    }

    /// <summary>A world with officers chen and wang and supervisor li.wei.</summary>
    internal static async Task<ApiWorld> CastAsync(DatabaseEngine engine, Action<IWebHostBuilder>? configure = null)
    {
        var world = await ApiWorld.CreateAsync(engine, configure: configure);
        await DashboardSession.CreateOfficerAsync(world.Database.Database, "chen", OfficerRoles.Officer, Password, ApiWorld.Start.AddDays(-1));
        await DashboardSession.CreateOfficerAsync(world.Database.Database, "wang", OfficerRoles.Officer, Password, ApiWorld.Start.AddDays(-1));
        await DashboardSession.CreateOfficerAsync(world.Database.Database, "li.wei", OfficerRoles.Supervisor, Password, ApiWorld.Start.AddDays(-1));
        return world;
    }

    private static async Task<DashboardSession> SignedInAsync(ApiWorld world, string officer)
    {
        var session = DashboardSession.Open(world.Factory);
        Assert.Equal(HttpStatusCode.Redirect, (await session.SignInAsync(officer, Password)).StatusCode);
        return session;
    }

    private static Task<string> HtmlAsync(HttpResponseMessage response) => response.Content.ReadAsStringAsync();

    /// <summary>The audit table's rows as (actor, action), newest first.</summary>
    private static List<(string Actor, string Action)> Rows(string html) =>
        [.. AuditRow().Matches(html).Select(m => (m.Groups[1].Value, m.Groups[2].Value))];

    [GeneratedRegex(@"<td[^>]*>\d{4}-\d\d-\d\d \d\d:\d\d UTC</td>\s*<td>([^<]*)</td>\s*<td>([^<]*)</td>")]
    private static partial Regex AuditRow();
}
