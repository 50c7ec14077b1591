using System.Net;
using System.Text.Json;
using Dapper;
using Microcredit.Scoring.Storage;
using Microcredit.Tests;
using Microcredit.Underwriting.Tests.Api;

namespace Microcredit.Underwriting.Tests.Dashboard;

/// <summary>Promote and run-now: supervisors only, audited; an officer's post is refused (403 at /denied) and changes nothing.</summary>
public class SupervisorActionTests
{
    [Theory, Engines]
    public async Task An_officer_sees_no_promote_or_run_buttons_and_their_posts_are_refused_without_a_change(DatabaseEngine engine)
    {
        await using var world = await ApiWorld.CreateAsync(engine);
        await DashboardData.SeedAsync(world);
        using var session = DashboardSession.Open(world.Factory);
        await session.SignInAsync(DashboardData.Officer, DashboardData.OfficerPassword);
        var audited = await world.CountAsync("audit_events");

        var models = await (await session.GetAsync("/models")).Content.ReadAsStringAsync();
        var jobs = await (await session.GetAsync("/jobs")).Content.ReadAsStringAsync();
        var promote = await session.SubmitAsync("/models", new() { ["modelId"] = DashboardData.ChallengerId }, "/models?handler=Promote");
        var run = await session.SubmitAsync("/jobs", new() { ["job"] = "features", ["asOf"] = "" }, "/jobs?handler=Run");
        var denied = await session.GetAsync(DashboardSession.Target(promote));

        Assert.DoesNotContain("handler=Promote", models, StringComparison.Ordinal);
        Assert.DoesNotContain(">Promote<", models, StringComparison.Ordinal);
        Assert.DoesNotContain("handler=Run", jobs, StringComparison.Ordinal);
        Assert.DoesNotContain("Run now</button>", jobs, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Redirect, promote.StatusCode);
        Assert.StartsWith("/denied", DashboardSession.Target(promote), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Redirect, run.StatusCode);
        Assert.StartsWith("/denied", DashboardSession.Target(run), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Forbidden, denied.StatusCode);
        Assert.Equal(world.ModelId, await ChampionAsync(world));
        Assert.Equal(1, await world.CountAsync("model_promotions WHERE kind = 'credit'"));
        Assert.Equal(1, await world.CountAsync("job_requests"));
        Assert.Equal(audited, await world.CountAsync("audit_events"));
    }

    [Theory, Engines]
    public async Task A_supervisor_promotes_a_challenger_audited_and_the_next_decision_scores_with_it(DatabaseEngine engine)
    {
        await using var world = await ApiWorld.CreateAsync(engine);
        await DashboardData.SeedAsync(world);
        var challenger = DashboardData.ChallengerId;
        using var session = DashboardSession.Open(world.Factory);
        await session.SignInAsync(DashboardData.Supervisor, DashboardData.SupervisorPassword);
        var before = await ApiWorld.JsonAsync(await world.PostAsync("/v1/credit-loans/decisions", new { merchantId = ApiWorld.Good, requestedAmount = 800m, termMonths = 3 }));
        var form = await (await session.GetAsync("/models")).Content.ReadAsStringAsync();

        var promote = await session.SubmitAsync("/models", new() { ["modelId"] = challenger }, "/models?handler=Promote");
        var confirmation = await (await session.GetAsync(DashboardSession.Target(promote))).Content.ReadAsStringAsync();
        var again = await session.SubmitAsync("/models", new() { ["modelId"] = challenger }, "/models?handler=Promote");
        var againHtml = await again.Content.ReadAsStringAsync();
        var unknown = await (await session.SubmitAsync("/models", new() { ["modelId"] = "credit-000000000000" }, "/models?handler=Promote")).Content.ReadAsStringAsync();
        var after = await ApiWorld.JsonAsync(await world.PostAsync("/v1/credit-loans/decisions", new { merchantId = ApiWorld.Good, requestedAmount = 800m, termMonths = 3 }));

        Assert.Contains("handler=Promote", form, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Redirect, promote.StatusCode);
        Assert.Equal($"/models?promoted={challenger}", DashboardSession.Target(promote));
        Assert.Contains($"{challenger} is now the credit champion.", confirmation, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.Contains($"{challenger} is already the credit champion.", againHtml, StringComparison.Ordinal);
        Assert.Contains("No model &#x27;credit-000000000000&#x27; in the registry.", unknown, StringComparison.Ordinal);
        Assert.Equal(challenger, await ChampionAsync(world));
        Assert.Equal(world.ModelId, (string?)before["modelVersion"]);
        Assert.Equal(challenger, (string?)after["modelVersion"]);
        Assert.Equal(1, await world.CountAsync($"decisions WHERE model_id = '{challenger}'"));
        Assert.Equal(1, await world.CountAsync($"model_promotions WHERE model_id = '{challenger}' AND promoted_by = '{DashboardData.Supervisor}'"));
        var audit = await AuditAsync(world, "model.promote");
        Assert.Equal((DashboardData.Supervisor, challenger), (audit.Actor, audit.Subject));
        Assert.Equal(DbTime.ToDb(new DateTimeOffset(2026, 11, 4, 8, 15, 0, TimeSpan.Zero)), audit.At);
        using var details = JsonDocument.Parse(audit.Details);
        Assert.Equal("credit", details.RootElement.GetProperty("kind").GetString());
        Assert.Equal(world.ModelId, details.RootElement.GetProperty("previous").GetString());
    }

    [Theory, Engines]
    public async Task A_supervisor_requests_a_run_audited_once_while_it_waits_and_bad_input_is_named(DatabaseEngine engine)
    {
        await using var world = await ApiWorld.CreateAsync(engine);
        await DashboardData.SeedAsync(world);
        using var session = DashboardSession.Open(world.Factory);
        await session.SignInAsync(DashboardData.Supervisor, DashboardData.SupervisorPassword);

        var run = await session.SubmitAsync("/jobs", new() { ["job"] = "features", ["asOf"] = "2026-11-01" }, "/jobs?handler=Run");
        var page = await (await session.GetAsync(DashboardSession.Target(run))).Content.ReadAsStringAsync();
        var twice = await (await session.SubmitAsync("/jobs", new() { ["job"] = "features", ["asOf"] = "" }, "/jobs?handler=Run")).Content.ReadAsStringAsync();
        var badDate = await (await session.SubmitAsync("/jobs", new() { ["job"] = "servicing", ["asOf"] = "1 Nov" }, "/jobs?handler=Run")).Content.ReadAsStringAsync();
        var badJob = await (await session.SubmitAsync("/jobs", new() { ["job"] = "format-disk", ["asOf"] = "" }, "/jobs?handler=Run")).Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.Redirect, run.StatusCode);
        var id = DashboardSession.Target(run)["/jobs?requested=".Length..];
        Assert.StartsWith("req_", id, StringComparison.Ordinal);
        Assert.Contains($"Run of features requested ({id})", page, StringComparison.Ordinal);
        Assert.Equal([id, "features", "2026-11-01", "2026-11-04 08:15 UTC", DashboardData.Supervisor, "pending", "", "", "", ""], PageHtml.Row(page, "data-request", id));
        Assert.Contains("A run of features is already waiting for a worker.", twice, StringComparison.Ordinal);
        Assert.Contains("As of &#x27;1 Nov&#x27; is not a date (YYYY-MM-DD)", badDate, StringComparison.Ordinal);
        Assert.Contains("No job is named &#x27;format-disk&#x27;.", badJob, StringComparison.Ordinal);
        Assert.Equal(2, await world.CountAsync("job_requests"));
        Assert.Equal(1, await world.CountAsync($"job_requests WHERE job = 'features' AND status = 'pending' AND as_of = '2026-11-01' AND requested_by = '{DashboardData.Supervisor}'"));
        var audit = await AuditAsync(world, "job.run-requested");
        Assert.Equal((DashboardData.Supervisor, "features"), (audit.Actor, audit.Subject));
        using var details = JsonDocument.Parse(audit.Details);
        Assert.Equal(id, details.RootElement.GetProperty("requestId").GetString());
        Assert.Equal("2026-11-01", details.RootElement.GetProperty("asOf").GetString());
    }

    private static async Task<string> ChampionAsync(ApiWorld world)
    {
        await using var connection = await world.Database.Database.OpenAsync();
        return await connection.ExecuteScalarAsync<string>("SELECT model_id FROM model_champions WHERE kind = 'credit'") ?? "";
    }

    private static async Task<Audit.AuditEvent> AuditAsync(ApiWorld world, string action)
    {
        await using var connection = await world.Database.Database.OpenAsync();
        var events = (await connection.QueryAsync<Audit.AuditEvent>(
            "SELECT event_id AS EventId, at AS At, actor AS Actor, action AS Action, subject AS Subject, details AS Details FROM audit_events WHERE action = @action",
            new { action })).ToList();
        return Assert.Single(events);
    }
}
