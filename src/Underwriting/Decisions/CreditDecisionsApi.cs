using Microcredit.Scoring.Money;
using Microcredit.Scoring.Registry;
using Microcredit.Scoring.Storage;
using Microcredit.Underwriting.Api;
using Microcredit.Underwriting.Audit;
using Microcredit.Underwriting.Auth;
using Microcredit.Underwriting.Policy;

namespace Microcredit.Underwriting.Decisions;

/// <summary><c>POST /v1/credit-loans/decisions</c>: approve, decline with reasons, or refer a credit-loan request to review.</summary>
public static class CreditDecisionsApi
{
    /// <summary>Largest amount a request may name; far above any line, it only guards the arithmetic.</summary>
    public const decimal MaxRequestedAmount = 100_000_000m;

    public static void MapCreditDecisionsApi(this RouteGroupBuilder v1) =>
        v1.MapPost("/credit-loans/decisions", (HttpContext http, ApiPost post, Underwriter underwriter) =>
                post.HandleAsync<CreditDecisionRequest>(http, async (request, caller, cancellationToken) =>
                    await underwriter.DecideCreditAsync(await RequestConnection.GetAsync(http), request, caller, cancellationToken)))
            .WithName("DecideCreditLoan")
            .WithSummary("Decide a credit-loan request: approved (possibly at the line, counterOffer), declined with reasons, or review.")
            .Accepts<CreditDecisionRequest>("application/json")
            .Produces<CreditDecisionResponse>(StatusCodes.Status201Created)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);

    /// <summary>The request's fields, checked; the first problem by field order.</summary>
    public static IResult? Validate(CreditDecisionRequest request, CreditPolicy policy)
    {
        if (MerchantIdProblem(request.MerchantId) is { } problem)
        {
            return problem;
        }

        if (request.RequestedAmount is not { } amount)
        {
            return ApiProblems.Field("requestedAmount", "is required.");
        }

        if (amount <= 0 || amount > MaxRequestedAmount)
        {
            return ApiProblems.Field("requestedAmount", $"must be greater than 0 and at most {MaxRequestedAmount:0}.");
        }

        if (decimal.Round(amount, Money.Decimals) != amount)
        {
            return ApiProblems.Field("requestedAmount", $"has more than {Money.Decimals} decimals.");
        }

        if (request.TermMonths is not { } term)
        {
            return ApiProblems.Field("termMonths", "is required.");
        }

        var terms = policy.CreditLine.TermMonths;
        return terms.Contains(term) ? null : ApiProblems.Field("termMonths", $"must be one of {string.Join(", ", terms)}.");
    }

    public static IResult? MerchantIdProblem(string? merchantId) =>
        string.IsNullOrWhiteSpace(merchantId) ? ApiProblems.Field("merchantId", "is required.") : ApiIds.Problem("merchantId", merchantId);
}
