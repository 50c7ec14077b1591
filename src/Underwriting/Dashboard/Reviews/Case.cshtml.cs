using Microcredit.Scoring.Loans;
using Microcredit.Scoring.Money;
using Microcredit.Scoring.Storage;
using Microcredit.Underwriting.Audit;
using Microcredit.Underwriting.Dashboard.Officers;
using Microcredit.Underwriting.Decisions;
using Microcredit.Underwriting.Policy;
using Microcredit.Underwriting.Reviewing;
using Microcredit.Underwriting.Webhooks;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Options;
using ReviewWorkflow = Microcredit.Underwriting.Reviewing.Reviews;

namespace Microcredit.Underwriting.Dashboard.Reviews;

/// <summary>
/// /reviews/{decisionId}: the merchant at a glance, the decision, the case's history, and the forms
/// the officer's role allows. Every form carries the case version the page showed; an action on a
/// case that moved on since changes nothing and the page says who acted (docs/dashboard.md).
/// </summary>
public sealed class CaseModel(Database database, TimeProvider time, IOptions<DashboardOptions> options, FeaturePercentiles percentiles) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public string DecisionId { get; set; } = "";

    /// <summary>The case version the page was showing when the officer acted.</summary>
    [BindProperty]
    public long Version { get; set; }

    [BindProperty]
    public decimal? Amount { get; set; }

    [BindProperty]
    public string? Note { get; set; }

    /// <summary>approved or declined: what an override sets.</summary>
    [BindProperty]
    public string? Outcome { get; set; }

    [TempData]
    public string? Flash { get; set; }

    public string? Error { get; private set; }

    public ReviewCase Case { get; private set; } = null!;

    public MerchantProfile? Merchant { get; private set; }

    public IReadOnlyList<MonthlySales> Monthly { get; private set; } = [];

    public FeatureComparison? Features { get; private set; }

    public MerchantExposure Exposure { get; private set; }

    public IReadOnlyList<LoanStatement> Loans { get; private set; } = [];

    public IReadOnlyList<PledgeLine> Pledges { get; private set; } = [];

    public IReadOnlyList<DecisionOrderRecord> DecisionOrders { get; private set; } = [];

    public IReadOnlyList<DecisionReason> Reasons { get; private set; } = [];

    public IReadOnlyList<AuditEvent> History { get; private set; } = [];

    public IReadOnlyList<WebhookDeliveryRow> Deliveries { get; private set; } = [];

    public DateTimeOffset Now { get; private set; }

    public bool IsSupervisor => User.IsInRole(OfficerRoles.Supervisor);

    public Money ApprovalLimit => options.Value.ApprovalLimit(IsSupervisor ? OfficerRoles.Supervisor : OfficerRoles.Officer);

    /// <summary>Whether this officer may approve, decline (and, for an officer, escalate) the case as it is.</summary>
    public bool CanDecide => Case.Waiting && (IsSupervisor || !Case.Escalated);

    public bool CanEscalate => Case.Waiting && !Case.Escalated && !IsSupervisor;

    public bool CanOverride => IsSupervisor && Case.LoanId is null;

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken) =>
        await LoadAsync(cancellationToken) ? Page() : NotFound();

    public Task<IActionResult> OnPostApproveAsync(CancellationToken cancellationToken) =>
        Amount is null
            ? RefuseAsync("Enter the amount to approve.", StatusCodes.Status422UnprocessableEntity, cancellationToken)
            : ActAsync(ReviewActions.Approve, null, cancellationToken);

    public Task<IActionResult> OnPostDeclineAsync(CancellationToken cancellationToken) => ActAsync(ReviewActions.Decline, null, cancellationToken);

    public Task<IActionResult> OnPostEscalateAsync(CancellationToken cancellationToken) => ActAsync(ReviewActions.Escalate, null, cancellationToken);

    public async Task<IActionResult> OnPostOverrideAsync(CancellationToken cancellationToken)
    {
        if (!IsSupervisor)
        {
            return Forbid(OfficerCookie.SchemeName);
        }

        if (Outcome == DecisionOutcomes.Approved && Amount is null)
        {
            return await RefuseAsync("Enter the amount the override approves.", StatusCodes.Status422UnprocessableEntity, cancellationToken);
        }

        return await ActAsync(ReviewActions.Override, Outcome, cancellationToken);
    }

    private async Task<IActionResult> ActAsync(string action, string? outcome, CancellationToken cancellationToken)
    {
        var role = IsSupervisor ? OfficerRoles.Supervisor : OfficerRoles.Officer;
        var actor = new ReviewActor(OfficerCookie.OfficerId(User), role, options.Value.ApprovalLimit(role));
        var approving = action == ReviewActions.Approve || outcome == DecisionOutcomes.Approved;
        var command = new ReviewCommand(DecisionId, Version, action, outcome, approving ? new Money(Amount!.Value) : null, Note);
        ReviewOutcome result;
        await using (var connection = await database.OpenAsync(cancellationToken))
        await using (var transaction = await connection.BeginTransactionAsync(cancellationToken))
        {
            result = await ReviewWorkflow.ActAsync(connection, transaction, command, actor, time.GetUtcNow(), cancellationToken);
            if (result.Recorded)
            {
                await transaction.CommitAsync(cancellationToken);
            }
        }

        if (result.Status == ReviewStatus.UnknownDecision)
        {
            return NotFound();
        }

        if (result.Recorded)
        {
            Flash = result.Message;
            return Redirect($"/reviews/{Uri.EscapeDataString(DecisionId)}");
        }

        var status = result.Status is ReviewStatus.Stale or ReviewStatus.AlreadyDecided or ReviewStatus.EscalatedToSupervisors or ReviewStatus.AlreadyEscalated or ReviewStatus.DrawnDown
            ? StatusCodes.Status409Conflict
            : StatusCodes.Status422UnprocessableEntity;
        return await RefuseAsync(result.Message, status, cancellationToken);
    }

    /// <summary>The page again, as the case now is, with the reason nothing changed.</summary>
    private async Task<IActionResult> RefuseAsync(string message, int status, CancellationToken cancellationToken)
    {
        if (!await LoadAsync(cancellationToken))
        {
            return NotFound();
        }

        Error = message;
        Response.StatusCode = status;
        return Page();
    }

    private async Task<bool> LoadAsync(CancellationToken cancellationToken)
    {
        Now = time.GetUtcNow();
        await using var connection = await database.OpenAsync(cancellationToken);
        var loaded = await ReviewCase.LoadAsync(connection, null, DecisionId, cancellationToken);
        if (loaded is null)
        {
            return false;
        }

        Case = loaded;
        var merchantId = loaded.Decision.MerchantId;
        Reasons = ReasonsJson.Deserialize(loaded.Decision.Reasons);
        Merchant = await CaseQueries.MerchantAsync(connection, merchantId, cancellationToken);
        Monthly = await CaseQueries.MonthlyAsync(connection, merchantId, Now, cancellationToken);
        Features = await CaseQueries.FeaturesAsync(connection, percentiles, merchantId, Now, cancellationToken);
        Exposure = await LoanExposure.ForMerchantAsync(connection, null, merchantId, Now, cancellationToken);
        Loans = await CaseQueries.LoansAsync(connection, merchantId, Now, cancellationToken);
        Pledges = await CaseQueries.PledgesAsync(connection, merchantId, cancellationToken);
        DecisionOrders = loaded.Decision.Product == DecisionOutcomes.OrderProduct
            ? await DecisionStore.OrdersAsync(connection, null, DecisionId, cancellationToken)
            : [];
        History = await AuditLog.ForSubjectAsync(connection, DecisionId, cancellationToken);
        Deliveries = await WebhookOutbox.ForDecisionAsync(connection, DecisionId, cancellationToken);
        return true;
    }

    /// <summary>
    /// Where a form posts. Written out rather than generated: the routing lower-cases the URLs it
    /// generates (LowercaseUrls), and decision ids are case-sensitive.
    /// </summary>
    public string Action(string handler) => $"/reviews/{Uri.EscapeDataString(DecisionId)}?handler={handler}";

    /// <summary>The sales chart: GMV and refunds per month, in the currency.</summary>
    public Charts.ChartBlock SalesChart() => new(
        "sales-chart",
        "Monthly GMV and refunds",
        new Charts.ChartSpec(
            Charts.ChartSpec.Bar,
            [.. Monthly.Select(m => m.Month.ToString("yyyy-MM", System.Globalization.CultureInfo.InvariantCulture))],
            [
                new Charts.ChartSeries("GMV (CNY)", [.. Monthly.Select(m => (decimal?)Money.FromMinor(m.Gmv).Amount)], "#1f5fbf"),
                new Charts.ChartSeries("Refunds (CNY)", [.. Monthly.Select(m => (decimal?)Money.FromMinor(m.Refunds).Amount)], "#b42318"),
            ],
            YTitle: "CNY"));
}
