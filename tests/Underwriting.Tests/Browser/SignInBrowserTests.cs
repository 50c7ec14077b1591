using Microcredit.Scoring.Storage;
using Microcredit.Tests;
using Microcredit.Underwriting.Dashboard.Officers;
using Microcredit.Underwriting.Tests.Api;
using Microcredit.Underwriting.Tests.Dashboard;

namespace Microcredit.Underwriting.Tests.Browser;

[Collection(BrowserTests.Name)]
public class SignInBrowserTests(ChromiumFixture chromium)
{
    [Theory, Engines]
    public async Task In_a_real_browser_an_officer_signs_in_and_five_wrong_passwords_lock_another(DatabaseEngine engine)
    {
        await using var world = await ApiWorld.CreateAsync(engine);
        await DashboardSession.CreateOfficerAsync(world.Database.Database, "chen", OfficerRoles.Officer, "twelve chars ok", ApiWorld.Start);
        await DashboardSession.CreateOfficerAsync(world.Database.Database, "li.wei", OfficerRoles.Supervisor, "supervisor secret", ApiWorld.Start);
        await using var browser = await DashboardBrowser.OpenAsync(chromium, world);

        await browser.Page.GotoAsync("/");
        var redirectedTo = new Uri(browser.Page.Url).AbsolutePath;
        await browser.ScreenshotAsync("signin");
        for (var i = 0; i < 5; i++)
        {
            await browser.SignInAsync("chen", "wrong guess " + i);
        }

        await browser.SignInAsync("chen", "twelve chars ok");
        var lockedMessage = await browser.Page.InnerTextAsync(".flash.error");
        await browser.ScreenshotAsync("signin-locked");
        var cookiesWhileLocked = await browser.Page.Context.CookiesAsync();
        await browser.SignInAsync("li.wei", "supervisor secret");
        var cookies = await browser.Page.Context.CookiesAsync();

        Assert.Equal("/signin", redirectedTo);
        Assert.Contains("locked after 5 failed sign-ins", lockedMessage, StringComparison.Ordinal);
        Assert.DoesNotContain(cookiesWhileLocked, c => c.Name == "mc_officer");
        var session = Assert.Single(cookies, c => c.Name == "mc_officer");
        Assert.True(session.HttpOnly);
        Assert.Equal("/reviews", new Uri(browser.Page.Url).AbsolutePath);
    }
}
