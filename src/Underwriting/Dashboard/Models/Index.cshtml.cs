using Dapper;
using Microcredit.Scoring.Registry;
using Microcredit.Scoring.Storage;
using Microcredit.Underwriting.Audit;
using Microcredit.Underwriting.Dashboard.Officers;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Microcredit.Underwriting.Dashboard.Models;

/// <summary>
/// /models: champion and challengers per kind with their metrics, score PSI over time, promotion
/// history; supervisors promote a challenger (audited <c>model.promote</c>). Decisions read the
/// champion's id from the registry on every request (ChampionModels), so a promotion takes effect on
/// every instance from its next decision; offers follow at the next score-and-offers run.
/// </summary>
public sealed class IndexModel(Database database, TimeProvider time) : PageModel
{
    /// <summary>The audit action of a promotion from the dashboard.</summary>
    public const string PromoteAction = "model.promote";

    /// <summary>After a promotion, the model promoted (the page confirms it when it is the champion).</summary>
    [BindProperty(SupportsGet = true)]
    public string? Promoted { get; set; }

    public string? Error { get; private set; }

    public bool IsSupervisor => User.IsInRole(OfficerRoles.Supervisor);

    public ModelsReport Report { get; private set; } = null!;

    public async Task OnGetAsync(CancellationToken cancellationToken) => Report = await LoadAsync(cancellationToken);

    public async Task<IActionResult> OnPostPromoteAsync(string? modelId, CancellationToken cancellationToken)
    {
        if (!IsSupervisor)
        {
            return Forbid(OfficerCookie.SchemeName);
        }

        var actor = OfficerCookie.OfficerId(User);
        var now = time.GetUtcNow();
        await using (var connection = await database.OpenAsync(cancellationToken))
        await using (var transaction = await connection.BeginTransactionAsync(cancellationToken))
        {
            var model = string.IsNullOrEmpty(modelId) ? null : await connection.QuerySingleOrDefaultAsync<Registered>(new CommandDefinition(
                """
                SELECT m.kind AS Kind, c.model_id AS Champion FROM models m LEFT JOIN model_champions c ON c.kind = m.kind
                WHERE m.model_id = @modelId
                """,
                new { modelId },
                transaction,
                cancellationToken: cancellationToken));
            if (model is not { } found)
            {
                Error = $"No model '{modelId}' in the registry.";
            }
            else if (found.Champion == modelId)
            {
                Error = $"{modelId} is already the {found.Kind} champion.";
            }
            else
            {
                await ModelRegistry.PromoteAsync(connection, transaction, modelId!, actor, now, cancellationToken);
                await AuditLog.WriteAsync(connection, transaction, actor, PromoteAction, modelId!, new { kind = found.Kind, previous = found.Champion }, now, cancellationToken);
                await transaction.CommitAsync(cancellationToken);
                return RedirectToPage(new { promoted = modelId });
            }
        }

        Promoted = null;
        Report = await LoadAsync(cancellationToken);
        return Page();
    }

    private sealed record Registered(string Kind, string? Champion);

    private Task<ModelsReport> LoadAsync(CancellationToken cancellationToken) =>
        ModelsReport.LoadAsync(database, DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime), cancellationToken);
}
