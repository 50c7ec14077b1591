using Microcredit.Underwriting.Tests.Api;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace Microcredit.Underwriting.Tests.Browser;

/// <summary>
/// The service on a real loopback port (Kestrel) over an <see cref="ApiWorld"/>, and a fresh
/// browser context on it. Screenshots go to artifacts/screenshots/ at the repository root, one per
/// page and engine, so each run leaves the pages it saw.
/// </summary>
public sealed class DashboardBrowser : IAsyncDisposable
{
    private readonly IBrowserContext context;

    private DashboardBrowser(ApiWorld world, ApiFactory server, Uri address, IBrowserContext context, IPage page)
    {
        World = world;
        Server = server;
        Address = address;
        this.context = context;
        Page = page;
    }

    public ApiWorld World { get; }

    /// <summary>The Kestrel-hosted service the browser talks to (the world's own factory is in-memory).</summary>
    public ApiFactory Server { get; }

    public Uri Address { get; }

    public IPage Page { get; }

    public static string ScreenshotDirectory => ApiWorld.RepositoryFile("artifacts", "screenshots");

    public static async Task<DashboardBrowser> OpenAsync(ChromiumFixture chromium, ApiWorld world)
    {
        var server = world.KestrelFactory();
        server.UseKestrel(0);
        server.StartServer();
        var address = new Uri(server.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
        var context = await chromium.Browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = address.ToString(), ViewportSize = new ViewportSize { Width = 1280, Height = 900 } });
        context.SetDefaultTimeout(15_000);
        return new DashboardBrowser(world, server, address, context, await context.NewPageAsync());
    }

    /// <summary>Fills and submits the sign-in form.</summary>
    public async Task SignInAsync(string officerId, string password)
    {
        await Page.GotoAsync("/signin");
        await Page.FillAsync("#OfficerId", officerId);
        await Page.FillAsync("#Password", password);
        await Page.ClickAsync("button[type=submit]");
    }

    /// <summary>Saves the current page as artifacts/screenshots/{name}-{engine}.png.</summary>
    public async Task ScreenshotAsync(string name)
    {
        Directory.CreateDirectory(ScreenshotDirectory);
        await Page.ScreenshotAsync(new PageScreenshotOptions
        {
            Path = Path.Combine(ScreenshotDirectory, $"{name}-{World.Database.Engine.ToString().ToLowerInvariant()}.png"),
            FullPage = true,
        });
    }

    public async ValueTask DisposeAsync()
    {
        await context.DisposeAsync();
        await Server.DisposeAsync();
    }
}
