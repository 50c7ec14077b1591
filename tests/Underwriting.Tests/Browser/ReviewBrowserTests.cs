using System.Text.Json.Nodes;
using Microcredit.Scoring.Storage;
using Microcredit.Tests;
using Microcredit.Underwriting.Dashboard.Officers;
using Microcredit.Underwriting.Tests.Api;
using Microcredit.Underwriting.Tests.Dashboard;
using Microcredit.Underwriting.Tests.Reviewing;

namespace Microcredit.Underwriting.Tests.Browser;

[Collection(BrowserTests.Name)]
public class ReviewBrowserTests(ChromiumFixture chromium)
{
    [Theory, Engines]
    public async Task In_a_real_browser_officers_approve_one_case_decline_another_escalate_a_third_and_the_api_sees_the_outcomes(DatabaseEngine engine)
    {
        // Grade R lends up to 24 months of net GMV here, so M_MID's 60,000.00 request is under review in full: above an officer's 50,000.00.
        await using var world = await ApiWorld.CreateAsync(engine, editPolicy: policy =>
        {
            policy["grades"]![1]!["lineMultiple"] = 24m;
            policy["creditLine"]!["maxLine"] = 200_000m;
            policy["exposure"]!["maxOutstandingPrincipal"] = 300_000m;
        });
        await DashboardSession.CreateOfficerAsync(world.Database.Database, "chen", OfficerRoles.Officer, "twelve chars ok", ApiWorld.Start);
        await DashboardSession.CreateOfficerAsync(world.Database.Database, "li.wei", OfficerRoles.Supervisor, "supervisor secret", ApiWorld.Start);
        var toApprove = await ReviewKit.ReferAsync(world, 800m);
        world.Clock.Advance(TimeSpan.FromMinutes(1));
        var toDecline = await ReviewKit.ReferAsync(world, 700m);
        world.Clock.Advance(TimeSpan.FromMinutes(1));
        var tooBig = await ReviewKit.ReferAsync(world, 60_000m);
        await using var browser = await DashboardBrowser.OpenAsync(chromium, world);
        var page = browser.Page;

        await browser.SignInAsync("chen", "twelve chars ok");
        await page.WaitForSelectorAsync("table.queue");
        var queued = await page.Locator("table.queue tbody a").AllInnerTextsAsync();
        await browser.ScreenshotAsync("reviews-queue");

        await page.ClickAsync($"a[href='/reviews/{toApprove}']");
        await page.WaitForSelectorAsync("#approve");
        var chartDrawn = await page.EvaluateAsync<bool>("() => !!Chart.getChart(document.getElementById('sales-chart-canvas'))");
        await browser.ScreenshotAsync("review-case");
        await page.FillAsync("#approve-amount", "600");
        await page.FillAsync("#approve-note", "GMV checked against the bank statement");
        world.Clock.Advance(TimeSpan.FromMinutes(1));
        await page.ClickAsync("#approve");
        var approvedFlash = await page.InnerTextAsync("#flash");

        await page.GotoAsync("/reviews");
        await page.ClickAsync($"a[href='/reviews/{toDecline}']");
        await page.FillAsync("#decline-reason", "refunds doubled since August");
        world.Clock.Advance(TimeSpan.FromMinutes(1));
        await page.ClickAsync("#decline");
        var declinedFlash = await page.InnerTextAsync("#flash");

        await page.GotoAsync($"/reviews/{tooBig}");
        var prefilled = await page.InputValueAsync("#approve-amount");
        world.Clock.Advance(TimeSpan.FromMinutes(1));
        await page.ClickAsync("#approve");
        var limitError = await page.InnerTextAsync("#error");
        await page.FillAsync("#escalate-note", "60,000 is above my limit");
        world.Clock.Advance(TimeSpan.FromMinutes(1));
        await page.ClickAsync("#escalate");
        var escalatedFlash = await page.InnerTextAsync("#flash");
        await page.ClickAsync("form.who button");

        await browser.SignInAsync("li.wei", "supervisor secret");
        await page.GotoAsync("/reviews?queue=supervisors");
        var escalatedQueue = await page.Locator("table.queue tbody a").AllInnerTextsAsync();
        await browser.ScreenshotAsync("reviews-escalated");
        await page.ClickAsync($"a[href='/reviews/{tooBig}']");
        world.Clock.Advance(TimeSpan.FromMinutes(1));
        await page.ClickAsync("#approve");
        var supervisorFlash = await page.InnerTextAsync("#flash");
        await page.GotoAsync("/audit?action=review.");
        var auditActions = await page.Locator("#audit tbody tr td:nth-child(3)").AllInnerTextsAsync();
        await browser.ScreenshotAsync("audit");

        var approved = await ReviewKit.GetDecisionAsync(world, toApprove);
        var declined = await ReviewKit.GetDecisionAsync(world, toDecline);
        var escalatedThenApproved = await ReviewKit.GetDecisionAsync(world, tooBig);

        Assert.Equal([toApprove, toDecline, tooBig], queued);
        Assert.True(chartDrawn);
        Assert.Equal("Approved 600.00 CNY.", approvedFlash);
        Assert.Equal("Declined.", declinedFlash);
        Assert.Equal("60000.00", prefilled);
        Assert.Equal("60,000.00 CNY is above your approval limit of 50,000.00 CNY: escalate the case to a supervisor.", limitError);
        Assert.Equal("Escalated to the supervisors' queue.", escalatedFlash);
        Assert.Equal([tooBig], escalatedQueue);
        Assert.Equal("Approved 60,000.00 CNY.", supervisorFlash);
        Assert.Equal(["review.approve", "review.escalate", "review.decline", "review.approve"], auditActions);
        Assert.Equal(("review", "approved", 600m, "GMV checked against the bank statement"), Final(approved));
        Assert.Equal(("review", "declined", 0m, "refunds doubled since August"), Final(declined));
        Assert.Equal(("review", "approved", 60_000m, ""), Final(escalatedThenApproved));
    }

    private static (string Outcome, string FinalOutcome, decimal Amount, string Note) Final(JsonObject decision) =>
        ((string)decision["outcome"]!, (string)decision["finalOutcome"]!, (decimal)decision["review"]!["approvedAmount"]!, (string)decision["review"]!["note"]!);
}
