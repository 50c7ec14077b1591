using Microcredit.Scoring.Storage;
using Microcredit.Underwriting.Dashboard.Officers;
using Microcredit.Underwriting.Decisions;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Microcredit.Underwriting.Dashboard.Reviews;

/// <summary>/reviews: the officers' queue (and for supervisors the escalated cases), oldest first, filtered (docs/dashboard.md).</summary>
public sealed class IndexModel(Database database, TimeProvider time, RunningPolicy policy) : PageModel
{
    public const string OfficersQueue = "officers";

    public const string SupervisorsQueue = "supervisors";

    /// <summary>officers (not escalated) or supervisors (escalated; supervisors only).</summary>
    [BindProperty(SupportsGet = true)]
    public string Queue { get; set; } = OfficersQueue;

    /// <summary>credit, order or empty for both.</summary>
    [BindProperty(SupportsGet = true)]
    public string? Product { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Grade { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Merchant { get; set; }

    /// <summary>Only cases waiting at least this many days.</summary>
    [BindProperty(SupportsGet = true)]
    public int? MinAge { get; set; }

    [BindProperty(SupportsGet = true)]
    public DateOnly? From { get; set; }

    [BindProperty(SupportsGet = true)]
    public DateOnly? To { get; set; }

    /// <summary>The page of the queue, from 1 ("page" is the route value of Razor Pages, hence "p").</summary>
    [BindProperty(SupportsGet = true, Name = "p")]
    public int PageNumber { get; set; } = 1;

    public QueuePage Result { get; private set; } = null!;

    public IReadOnlyList<string> Grades { get; private set; } = [];

    public DateTimeOffset Now { get; private set; }

    public bool IsSupervisor => User.IsInRole(OfficerRoles.Supervisor);

    public int LastPage => (int)Math.Max(1, (Result.Matching + ReviewQueries.PageSize - 1) / ReviewQueries.PageSize);

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        Queue = Queue == SupervisorsQueue ? SupervisorsQueue : OfficersQueue;
        if (Queue == SupervisorsQueue && !IsSupervisor)
        {
            return Forbid(OfficerCookie.SchemeName);
        }

        Product = Product is DecisionOutcomes.CreditProduct or DecisionOutcomes.OrderProduct ? Product : null;
        Grades = [.. policy.Policy.Grades.Select(g => g.Grade)];
        Grade = Grade is { Length: > 0 } && Grades.Contains(Grade) ? Grade : null;
        Merchant = string.IsNullOrWhiteSpace(Merchant) ? null : Merchant.Trim();
        MinAge = MinAge is > 0 and <= 3650 ? MinAge : null;
        PageNumber = Math.Clamp(PageNumber, 1, 10_000);
        Now = time.GetUtcNow();
        await using var connection = await database.OpenAsync(cancellationToken);
        Result = await ReviewQueries.QueueAsync(
            connection, new QueueFilter(Queue == SupervisorsQueue, Product, Grade, Merchant, MinAge, From, To), Now, PageNumber, cancellationToken);
        return Page();
    }

    /// <summary>This page's query with one value changed (paging, switching queue).</summary>
    public string Link(string? queue = null, int? page = null)
    {
        var query = new Dictionary<string, string?>
        {
            ["queue"] = queue ?? Queue,
            ["product"] = Product,
            ["grade"] = Grade,
            ["merchant"] = Merchant,
            ["minAge"] = MinAge?.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["from"] = From is { } from ? DbTime.ToDb(from) : null,
            ["to"] = To is { } to ? DbTime.ToDb(to) : null,
            ["p"] = page is > 1 ? page.Value.ToString(System.Globalization.CultureInfo.InvariantCulture) : null,
        };
        if (queue is not null)
        {
            query["p"] = null;
        }

        return Microsoft.AspNetCore.WebUtilities.QueryHelpers.AddQueryString("/reviews", query.Where(kv => kv.Value is not null));
    }
}
