using System.Globalization;
using Microcredit.Scoring.Platform;
using Microcredit.Scoring.Storage;
using Microcredit.Underwriting.Audit;
using Microcredit.Underwriting.Dashboard.Officers;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Microcredit.Underwriting.Dashboard.Jobs;

/// <summary>
/// /jobs: every platform job's schedule and latest runs, the latest failures with their errors, and
/// "Run now" for supervisors. The service cannot reach the job workers: a run request is recorded
/// (job_requests, audited <c>job.run-requested</c>) and a worker claims and fires it (docs/jobs.md).
/// </summary>
public sealed class IndexModel(Database database, TimeProvider time) : PageModel
{
    /// <summary>The audit action of a run request.</summary>
    public const string RunRequestedAction = "job.run-requested";

    /// <summary>After a request, its id (the page confirms it).</summary>
    [BindProperty(SupportsGet = true)]
    public string? Requested { get; set; }

    public string? Error { get; private set; }

    public bool IsSupervisor => User.IsInRole(OfficerRoles.Supervisor);

    public JobsReport Report { get; private set; } = null!;

    public async Task OnGetAsync(CancellationToken cancellationToken) => Report = await JobsReport.LoadAsync(database, cancellationToken);

    public async Task<IActionResult> OnPostRunAsync(string? job, string? asOf, CancellationToken cancellationToken)
    {
        if (!IsSupervisor)
        {
            return Forbid(OfficerCookie.SchemeName);
        }

        DateOnly? day = null;
        if (job is null || JobCatalog.Find(job) is null)
        {
            Error = $"No job is named '{job}'.";
        }
        else if (!string.IsNullOrWhiteSpace(asOf))
        {
            if (DateOnly.TryParseExact(asOf.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var parsed))
            {
                day = parsed;
            }
            else
            {
                Error = $"As of '{asOf}' is not a date (YYYY-MM-DD); leave it empty for the workers' today.";
            }
        }

        if (Error is null)
        {
            var actor = OfficerCookie.OfficerId(User);
            var now = time.GetUtcNow();
            await using var connection = await database.OpenAsync(cancellationToken);
            await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
            var id = await JobRequests.AddAsync(connection, transaction, job!, day, actor, now, cancellationToken);
            if (id is not null)
            {
                await AuditLog.WriteAsync(connection, transaction, actor, RunRequestedAction, job!, new { requestId = id, asOf = day is { } d ? DbTime.ToDb(d) : null }, now, cancellationToken);
                await transaction.CommitAsync(cancellationToken);
                return RedirectToPage(new { requested = id });
            }

            Error = $"A run of {job} is already waiting for a worker.";
        }

        Requested = null;
        Report = await JobsReport.LoadAsync(database, cancellationToken);
        return Page();
    }
}
