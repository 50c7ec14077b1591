using Dapper;
using Microcredit.Scoring.Storage;
using Microcredit.Tests;
using Microcredit.Underwriting.Tests.Api;
using Microcredit.Underwriting.Tests.Dashboard;

namespace Microcredit.Underwriting.Tests.Browser;

/// <summary>The portfolio, models and jobs pages in headless Chromium: charts drawn by Chart.js, Promote and Run now for supervisors only.</summary>
[Collection(BrowserTests.Name)]
public class PortfolioModelsJobsBrowserTests(ChromiumFixture chromium)
{
    /// <summary>How many canvases the page has, and how many of them Chart.js drew a chart on.</summary>
    private const string ChartsDrawn =
        "() => { const canvases = [...document.querySelectorAll('canvas[data-chart]')]; return [canvases.length, canvases.filter(c => Chart.getChart(c) != null).length]; }";

    [Theory, Engines]
    public async Task A_supervisor_sees_the_charts_promotes_a_challenger_and_requests_a_run(DatabaseEngine engine)
    {
        await using var world = await ApiWorld.CreateAsync(engine);
        await DashboardData.SeedAsync(world);
        await using var browser = await DashboardBrowser.OpenAsync(chromium, world);
        var page = browser.Page;
        await browser.SignInAsync(DashboardData.Supervisor, DashboardData.SupervisorPassword);

        await page.GotoAsync("/portfolio");
        var portfolioCharts = await page.EvaluateAsync<int[]>(ChartsDrawn);
        var approved = await page.InnerTextAsync("#total-approved");
        await browser.ScreenshotAsync("portfolio");

        await page.GotoAsync("/models");
        var modelCharts = await page.EvaluateAsync<int[]>(ChartsDrawn);
        await browser.ScreenshotAsync("models");
        var challenger = DashboardData.ChallengerId;
        await page.ClickAsync($"tr[data-model='{challenger}'] button.promote");
        await page.WaitForURLAsync("**/models?promoted=*");
        var promoted = await page.InnerTextAsync(".flash.ok");
        var championRole = await page.InnerTextAsync($"tr[data-model='{challenger}'] td:nth-child(2)");
        await browser.ScreenshotAsync("models-promoted");

        await page.GotoAsync("/jobs");
        var jobCharts = await page.EvaluateAsync<int[]>(ChartsDrawn);
        await page.FillAsync("tr[data-job='servicing'] input[name=asOf]", "2026-11-01");
        await page.ClickAsync("tr[data-job='servicing'] form.run-now button");
        await page.WaitForURLAsync("**/jobs?requested=*");
        var requested = await page.InnerTextAsync(".flash.ok");
        await browser.ScreenshotAsync("jobs");

        Assert.Equal([4, 4], portfolioCharts);
        Assert.Equal("3", approved);
        Assert.Equal([2, 2], modelCharts);
        Assert.Contains($"{challenger} is now the credit champion.", promoted, StringComparison.Ordinal);
        Assert.Equal("champion", championRole.Trim());
        Assert.Equal([1, 1], jobCharts);
        Assert.Contains("Run of servicing requested", requested, StringComparison.Ordinal);
        await using var connection = await world.Database.Database.OpenAsync();
        Assert.Equal(challenger, await connection.ExecuteScalarAsync<string>("SELECT model_id FROM model_champions WHERE kind = 'credit'"));
        Assert.Equal(1L, await connection.ExecuteScalarAsync<long>(
            "SELECT count(*) FROM job_requests WHERE job = 'servicing' AND as_of = '2026-11-01' AND status = 'pending' AND requested_by = @by", new { by = DashboardData.Supervisor }));
    }

    [Theory, Engines]
    public async Task An_officer_sees_the_same_charts_but_no_promote_or_run_now_buttons(DatabaseEngine engine)
    {
        await using var world = await ApiWorld.CreateAsync(engine);
        await DashboardData.SeedAsync(world);
        await using var browser = await DashboardBrowser.OpenAsync(chromium, world);
        var page = browser.Page;
        await browser.SignInAsync(DashboardData.Officer, DashboardData.OfficerPassword);

        await page.GotoAsync("/models");
        var modelCharts = await page.EvaluateAsync<int[]>(ChartsDrawn);
        var promoteButtons = await page.Locator("button.promote").CountAsync();
        await browser.ScreenshotAsync("models-officer");
        await page.GotoAsync("/jobs");
        var runForms = await page.Locator("form.run-now").CountAsync();
        await browser.ScreenshotAsync("jobs-officer");

        Assert.Equal([2, 2], modelCharts);
        Assert.Equal(0, promoteButtons);
        Assert.Equal(0, runForms);
    }
}
