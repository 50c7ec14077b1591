using Microcredit.Scoring.Storage;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.WebUtilities;

namespace Microcredit.Underwriting.Dashboard.Audit;

/// <summary>/audit: who did what and when, newest first, filtered by actor, action, subject and dates (docs/dashboard.md).</summary>
public sealed class IndexModel(Database database) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public string? Actor { get; set; }

    /// <summary>A whole action (review.approve) or its start (review.).</summary>
    [BindProperty(SupportsGet = true)]
    public string? Action { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Subject { get; set; }

    [BindProperty(SupportsGet = true)]
    public DateOnly? From { get; set; }

    [BindProperty(SupportsGet = true)]
    public DateOnly? To { get; set; }

    /// <summary>Continue after this event (the previous page's last), as <c>at.eventId</c>.</summary>
    [BindProperty(SupportsGet = true)]
    public string? Before { get; set; }

    public AuditPage Result { get; private set; } = null!;

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        Actor = Clean(Actor);
        Action = Clean(Action);
        Subject = Clean(Subject);
        await using var connection = await database.OpenAsync(cancellationToken);
        Result = await AuditQueries.PageAsync(connection, new AuditFilter(Actor, Action, Subject, From, To, AuditCursor.Parse(Before)), cancellationToken);
        return Page();
    }

    /// <summary>The next (older) page with the same filters.</summary>
    public string OlderLink(AuditCursor cursor) => QueryHelpers.AddQueryString("/audit", new Dictionary<string, string?>
    {
        ["actor"] = Actor,
        ["action"] = Action,
        ["subject"] = Subject,
        ["from"] = From is { } from ? DbTime.ToDb(from) : null,
        ["to"] = To is { } to ? DbTime.ToDb(to) : null,
        ["before"] = cursor.ToString(),
    }.Where(kv => kv.Value is not null));

    private static string? Clean(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
