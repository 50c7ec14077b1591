using System.Net;
using System.Text.RegularExpressions;
using Microcredit.Underwriting.Dashboard.Officers;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Microcredit.Underwriting.Tests.Dashboard;

/// <summary>
/// An HTTP client of the dashboard that keeps its cookies, does not follow redirects (tests look at
/// them), and fills forms the way a browser would: with the page's antiforgery token.
/// </summary>
public sealed partial class DashboardSession(HttpClient client) : IDisposable
{
    public HttpClient Client { get; } = client;

    public static DashboardSession Open<TEntry>(WebApplicationFactory<TEntry> factory)
        where TEntry : class =>
        new(factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true }));

    /// <summary>Creates an officer in the database (through the same code as the CLI).</summary>
    public static async Task CreateOfficerAsync(Microcredit.Scoring.Storage.Database database, string id, string role, string password, DateTimeOffset now)
    {
        await using var connection = await database.OpenAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        await OfficerAccounts.CreateAsync(connection, transaction, id, id, role, password, "test", now);
        await transaction.CommitAsync();
    }

    /// <summary>Posts the sign-in form; the response is a redirect on success, the form again on failure.</summary>
    public Task<HttpResponseMessage> SignInAsync(string officerId, string password) =>
        SubmitAsync("/signin", new() { ["OfficerId"] = officerId, ["Password"] = password });

    /// <summary>GETs <paramref name="page"/>, takes its form's antiforgery token and posts <paramref name="fields"/> to <paramref name="action"/> (default: the page).</summary>
    public async Task<HttpResponseMessage> SubmitAsync(string page, Dictionary<string, string> fields, string? action = null)
    {
        var form = await GetAsync(page);
        var html = await form.Content.ReadAsStringAsync();
        var token = TokenPattern().Match(html);
        if (!token.Success)
        {
            throw new InvalidOperationException($"{page} ({(int)form.StatusCode}) has no antiforgery token.");
        }

        var body = new Dictionary<string, string>(fields) { ["__RequestVerificationToken"] = WebUtility.HtmlDecode(token.Groups[1].Value) };
        return await Client.PostAsync(new Uri(action ?? page, UriKind.Relative), new FormUrlEncodedContent(body));
    }

    /// <summary>Where a redirect points, as a path and query (the cookie handler writes absolute URLs).</summary>
    public static string Target(HttpResponseMessage response)
    {
        var location = response.Headers.Location ?? throw new InvalidOperationException($"{(int)response.StatusCode} is not a redirect.");
        return location.IsAbsoluteUri ? location.PathAndQuery : location.OriginalString;
    }

    public Task<HttpResponseMessage> GetAsync(string path) => Client.GetAsync(new Uri(path, UriKind.Relative));

    public void Dispose() => Client.Dispose();

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex TokenPattern();
}
