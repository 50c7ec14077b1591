using System.Globalization;
using Microcredit.Scoring.Loans;
using Microcredit.Scoring.Storage;
using Microcredit.Underwriting.Api;
using Microcredit.Underwriting.Auth;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Microcredit.Underwriting.Loans;

/// <summary>
/// <c>/v1/loans</c>: draw down a decision, read a loan's statement and payoff, pay it. Platform
/// loans only (<see cref="LoanAccess"/>); servicing is <c>Microcredit.Scoring.Loans</c> (docs/loans.md).
/// </summary>
public static class LoansApi
{
    public static void MapLoansApi(this RouteGroupBuilder v1)
    {
        v1.MapPost("/loans", (HttpContext http, ApiPost post) =>
                post.HandleAsync<DrawdownRequest>(http, (request, caller, cancellationToken) => Drawdowns.DecideAsync(request, caller, post.Database, post.Time, cancellationToken)))
            .WithName("DrawDownLoan")
            .WithSummary("Draw down an approved, unexpired decision (once): a credit loan over its term, or an order loan pledging its eligible orders.")
            .Accepts<DrawdownRequest>("application/json")
            .Produces<LoanResponse>(StatusCodes.Status201Created)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);

        v1.MapGet("/loans/{loanId}", GetAsync)
            .WithName("GetLoan")
            .WithSummary("A loan as of now: status, days past due, totals, each installment's due/paid/outstanding, payments and pledges.")
            .Produces<LoanStatementResponse>()
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound);

        v1.MapGet("/loans/{loanId}/payoff", PayoffAsync)
            .WithName("GetLoanPayoff")
            .WithSummary("What closes the loan on a date (?date=YYYY-MM-DD, default today): unpaid principal, interest accrued to that date, penalty.")
            .Produces<PayoffResponse>()
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound);

        v1.MapPost("/loans/{loanId}/repayments", (string loanId, HttpContext http, ApiPost post) =>
                post.HandleAsync<RepaymentRequest>(http, (request, caller, cancellationToken) => Repayments.DecideAsync(loanId, request, caller, post.Database, post.Time, cancellationToken)))
            .WithName("RepayLoan")
            .WithSummary("Record a payment made now, at most the payoff (which closes the loan): allocated oldest due first, penalty, interest, then principal.")
            .Accepts<RepaymentRequest>("application/json")
            .Produces<RepaymentResponse>(StatusCodes.Status201Created)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);
    }

    /// <summary>The statement as of now, counting every payment made up to now (a repayment just recorded shows).</summary>
    private static async Task<Results<Ok<LoanStatementResponse>, ProblemHttpResult>> GetAsync(string loanId, HttpContext http, Database database, TimeProvider time)
    {
        var cancellationToken = http.RequestAborted;
        var now = time.GetUtcNow();
        await using var connection = await database.OpenAsync(cancellationToken);
        var statement = await LoanStatements.LoadAsync(connection, null, loanId, now.AddMilliseconds(1), cancellationToken);
        if (await LoanAccess.ProblemAsync(connection, ApiCaller.From(http.User), loanId, statement?.MerchantId, statement?.Origin, cancellationToken) is ProblemHttpResult problem)
        {
            return problem;
        }

        return TypedResults.Ok(LoanStatementResponse.From(statement!, now));
    }

    private static async Task<Results<Ok<PayoffResponse>, ProblemHttpResult>> PayoffAsync(string loanId, string? date, HttpContext http, Database database, TimeProvider time)
    {
        var cancellationToken = http.RequestAborted;
        var day = LoanSchedule.DateOf(time.GetUtcNow());
        if (date is not null && !DateOnly.TryParseExact(date, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out day))
        {
            return ApiProblems.Field("date", "must be a date YYYY-MM-DD.");
        }

        await using var connection = await database.OpenAsync(cancellationToken);
        if (await LoanAccess.ProblemAsync(connection, ApiCaller.From(http.User), loanId, cancellationToken) is ProblemHttpResult problem)
        {
            return problem;
        }

        var quote = (await LoanStatements.PayoffAsync(connection, null, loanId, day, cancellationToken))!;
        return TypedResults.Ok(new PayoffResponse(loanId, quote.Date, Amounts.Of(quote.Principal), Amounts.Of(quote.Interest), Amounts.Of(quote.Penalty), Amounts.Of(quote.Total)));
    }
}
