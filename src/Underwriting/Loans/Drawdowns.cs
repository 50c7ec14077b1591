using System.Data.Common;
using Dapper;
using Microcredit.Scoring.Features.History;
using Microcredit.Scoring.Loans;
using Microcredit.Scoring.Money;
using Microcredit.Scoring.Storage;
using Microcredit.Underwriting.Api;
using Microcredit.Underwriting.Audit;
using Microcredit.Underwriting.Auth;
using Microcredit.Underwriting.Decisions;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Microcredit.Underwriting.Loans;

/// <summary>
/// <c>POST /v1/loans</c>: turns an approved, unexpired decision into a platform loan, once. The
/// decision's final outcome decides: approved as answered, or approved by an officer after review or
/// by a supervisor's override (then that amount is the principal). Every refusal is a 409 naming <c>decisionId</c>,
/// because the request is well formed and the decision exists: its state forbids the draw-down.
/// </summary>
public static class Drawdowns
{
    public static async Task<PostResult> DecideAsync(DrawdownRequest request, ApiCaller caller, Database database, TimeProvider time, CancellationToken cancellationToken)
    {
        var decisionId = request.DecisionId?.Trim();
        if (string.IsNullOrEmpty(decisionId))
        {
            return PostResult.Fail(ApiProblems.Field("decisionId", "is required."));
        }

        if (ApiIds.Problem("decisionId", request.DecisionId!) is { } malformed)
        {
            return PostResult.Fail(malformed);
        }

        var now = time.GetUtcNow();
        await using var connection = await database.OpenAsync(cancellationToken);
        var decision = await DecisionStore.FindAsync(connection, null, decisionId, cancellationToken);
        if (decision is null)
        {
            return PostResult.Fail(ApiProblems.NotFound("decisionId", $"No decision '{decisionId}'."));
        }

        if (!await ApiKeys.MayActForAsync(connection, caller.KeyId, decision.MerchantId, cancellationToken))
        {
            return PostResult.Fail(ApiProblems.Forbidden("decisionId", $"This API key may not act for merchant '{decision.MerchantId}'."));
        }

        var (principal, refused) = await ApprovedAmountAsync(connection, decision, cancellationToken);
        if (refused is not null)
        {
            return PostResult.Fail(refused);
        }

        if (await DrawnAsAsync(connection, null, decisionId, cancellationToken) is { } existing)
        {
            return PostResult.Fail(AlreadyDrawn(decisionId, existing));
        }

        if (DbTime.ToDb(now) >= decision.ExpiresAt)
        {
            return PostResult.Fail(ApiProblems.Conflict("decisionId", $"Decision '{decisionId}' expired at {DbTime.FromDb(decision.ExpiresAt):yyyy-MM-ddTHH:mm:ssZ}; ask for a new decision."));
        }

        var loanId = Ids.New("loan_");
        var dailyRate = Rate.FromMicros(decision.DailyRate ?? 0);
        return decision.Product == DecisionOutcomes.CreditProduct
            ? Credit(caller, decision, loanId, principal, dailyRate, now)
            : await OrderAsync(connection, caller, decision, loanId, dailyRate, now, cancellationToken);
    }

    private static PostResult Credit(ApiCaller caller, DecisionRecord decision, string loanId, Money principal, decimal dailyRate, DateTimeOffset now)
    {
        var termMonths = checked((int)decision.TermMonths!.Value);
        var schedule = LoanSchedule.Credit(principal, termMonths, dailyRate, now);
        var response = Response(loanId, decision, LoanProduct.Credit, principal, dailyRate, termMonths, now, schedule, []);
        return PostResult.Created(response, async (connection, transaction, token) =>
        {
            var drawn = await LoanDrawdown.CreditAsync(connection, transaction, loanId, decision.DecisionId, decision.MerchantId, principal, dailyRate, termMonths, now, token);
            return await RefusalAsync(connection, transaction, drawn, decision.DecisionId, token)
                ?? await AuditAsync(connection, transaction, caller, response, now, token);
        });
    }

    /// <summary>
    /// An order loan pledges the decision's eligible orders at their advances. Order decisions are
    /// approved or declined, never referred to review, so the principal is their total advance.
    /// </summary>
    private static async Task<PostResult> OrderAsync(
        DbConnection connection, ApiCaller caller, DecisionRecord decision, string loanId, decimal dailyRate, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var orders = await DecisionStore.OrdersAsync(connection, null, decision.DecisionId, cancellationToken);
        List<PledgedOrder> pledges = [.. orders
            .Where(o => o.Eligible == 1 && o.AdvanceAmount > 0)
            .Select(o => new PledgedOrder(o.OrderId, Money.FromMinor(o.OrderAmount ?? 0), Money.FromMinor(o.AdvanceAmount)))];
        if (pledges.Count == 0)
        {
            return PostResult.Fail(ApiProblems.Conflict("decisionId", $"Decision '{decision.DecisionId}' has no eligible orders to pledge."));
        }

        var principal = Money.Zero;
        foreach (var pledge in pledges)
        {
            principal += pledge.AdvanceAmount;
        }

        var schedule = LoanSchedule.Order(principal, dailyRate, now);
        var response = Response(loanId, decision, LoanProduct.Order, principal, dailyRate, null, now, schedule, pledges);
        return PostResult.Created(response, async (connection, transaction, token) =>
        {
            var drawn = await LoanDrawdown.OrderAsync(connection, transaction, loanId, decision.DecisionId, decision.MerchantId, pledges, dailyRate, now, token);
            return await RefusalAsync(connection, transaction, drawn, decision.DecisionId, token)
                ?? await AuditAsync(connection, transaction, caller, response, now, token);
        });
    }

    /// <summary>
    /// The principal the decision approves, or the 409 saying why it approves none. A human final
    /// outcome (an officer's review, a supervisor's override) counts over the decision's own.
    /// </summary>
    private static async Task<(Money Principal, IResult? Problem)> ApprovedAmountAsync(DbConnection connection, DecisionRecord decision, CancellationToken cancellationToken)
    {
        var id = decision.DecisionId;
        var review = await DecisionStore.ReviewAsync(connection, null, id, cancellationToken);
        if (review is not null)
        {
            return review.Outcome == DecisionOutcomes.Approved
                ? (Money.FromMinor(review.ApprovedAmount), null)
                : (Money.Zero, ApiProblems.Conflict("decisionId", review.Source == Reviewing.ReviewSources.Override
                    ? $"Decision '{id}' was declined by a supervisor's override."
                    : $"Decision '{id}' was declined on review."));
        }

        return decision.Outcome switch
        {
            DecisionOutcomes.Approved => (Money.FromMinor(decision.ApprovedAmount), null),
            DecisionOutcomes.Review => (Money.Zero, ApiProblems.Conflict("decisionId", $"Decision '{id}' is under review; it can be drawn down once an officer approves it.")),
            _ => (Money.Zero, ApiProblems.Conflict("decisionId", $"Decision '{id}' was {decision.Outcome}; only an approved decision can be drawn down.")),
        };
    }

    /// <summary>The problem for a draw-down the database refused, or null when it was written.</summary>
    private static async Task<IResult?> RefusalAsync(DbConnection connection, DbTransaction transaction, DrawdownOutcome drawn, string decisionId, CancellationToken cancellationToken)
    {
        switch (drawn.Status)
        {
            case DrawdownStatus.Drawn:
                return null;
            case DrawdownStatus.AlreadyDrawn:
                return AlreadyDrawn(decisionId, await DrawnAsAsync(connection, transaction, decisionId, cancellationToken));
            case DrawdownStatus.OrderAlreadyPledged:
                var problem = ApiProblems.Conflict("decisionId", $"Order '{drawn.OrderId}' of decision '{decisionId}' has been pledged to another loan since the decision; ask for a new decision.");
                problem.ProblemDetails.Extensions["orderId"] = drawn.OrderId;
                return problem;
            default:
                // 130 random bits: a collision is not expected in the life of the platform, so it is a failure, not an outcome.
                throw new InvalidOperationException($"Generated loan id collided while drawing down '{decisionId}'.");
        }
    }

    private static ProblemHttpResult AlreadyDrawn(string decisionId, string? loanId)
    {
        var problem = ApiProblems.Conflict("decisionId", $"Decision '{decisionId}' was drawn down already{(loanId is null ? "" : $" as loan '{loanId}'")}; a decision is drawn down once.");
        if (loanId is not null)
        {
            problem.ProblemDetails.Extensions["loanId"] = loanId;
        }

        return problem;
    }

    private static Task<string?> DrawnAsAsync(DbConnection connection, DbTransaction? transaction, string decisionId, CancellationToken cancellationToken) =>
        connection.QuerySingleOrDefaultAsync<string>(new CommandDefinition(
            "SELECT loan_id FROM loans WHERE decision_id = @decisionId", new { decisionId }, transaction, cancellationToken: cancellationToken));

    private static async Task<IResult?> AuditAsync(DbConnection connection, DbTransaction transaction, ApiCaller caller, LoanResponse loan, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await AuditLog.WriteAsync(connection, transaction, caller.KeyId, "loan.drawdown", loan.LoanId,
            new { loan.DecisionId, loan.MerchantId, loan.Product, loan.Principal, loan.DailyRate, loan.TermMonths, orders = loan.Pledges.Count }, now, cancellationToken);
        return null;
    }

    private static LoanResponse Response(
        string loanId, DecisionRecord decision, LoanProduct product, Money principal, decimal dailyRate, int? termMonths, DateTimeOffset now,
        IReadOnlyList<ScheduledInstallment> schedule, IReadOnlyList<PledgedOrder> pledges)
    {
        var interest = Money.Zero;
        foreach (var installment in schedule)
        {
            interest += installment.Interest;
        }

        return new LoanResponse(
            loanId,
            decision.DecisionId,
            decision.MerchantId,
            LoanProducts.ToText(product),
            Amounts.Of(principal),
            dailyRate,
            dailyRate * 365m,
            termMonths,
            product == LoanProduct.Order ? LoanSchedule.OrderLoanDays : null,
            now,
            schedule[^1].DueDate,
            Amounts.Of(interest),
            [.. schedule.Select(i => new ScheduleLine(i.Seq, i.DueDate, Amounts.Of(i.Principal), Amounts.Of(i.Interest), Amounts.Of(i.Principal + i.Interest)))],
            [.. pledges.Select(p => new PledgeLine(p.OrderId, Amounts.Of(p.OrderAmount), Amounts.Of(p.AdvanceAmount)))]);
    }
}
