using Microcredit.Scoring.Storage;
using Microcredit.Underwriting.Api;
using Microcredit.Underwriting.Auth;
using Microcredit.Underwriting.Policy;

namespace Microcredit.Underwriting.Offers;

/// <summary><c>GET /v1/merchants/{id}/offer</c>: the merchant's pre-approved line and order advance rate from the last refresh.</summary>
public static class OffersApi
{
    public sealed record OfferResponse(
        string MerchantId,
        string Action,
        decimal CreditLimit,
        decimal DailyRate,
        decimal Apr,
        decimal OrderAdvanceRate,
        double? Score,
        double? Pd,
        string? RiskGrade,
        IReadOnlyList<DecisionReason> Reasons,
        string ModelVersion,
        string PolicyVersion,
        DateOnly? FeatureAsOf,
        DateTimeOffset ComputedAt,
        DateTimeOffset ValidUntil,
        bool Valid,
        bool Frozen,
        string? FrozenReason);

    public static void MapOffersApi(this RouteGroupBuilder v1) =>
        v1.MapGet("/merchants/{merchantId}/offer", GetAsync)
            .WithName("GetOffer")
            .WithSummary("The merchant's standing offer: credit line, daily rate and order advance rate as of the last nightly refresh; valid until the next one (frozen lines lend nothing).")
            .Produces<OfferResponse>()
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound);

    private static async Task<IResult> GetAsync(string merchantId, HttpContext http, Database database, TimeProvider time)
    {
        var cancellationToken = http.RequestAborted;
        await using var connection = await database.OpenAsync(cancellationToken);
        if (!await ApiKeys.MayActForAsync(connection, ApiCaller.From(http.User).KeyId, merchantId, cancellationToken))
        {
            return ApiProblems.Forbidden("merchantId", $"This API key may not act for merchant '{merchantId}'.");
        }

        var offer = await OfferStore.GetAsync(connection, merchantId, cancellationToken);
        if (offer is null)
        {
            return ApiProblems.NotFound("merchantId", $"Merchant '{merchantId}' has no offer yet; offers are refreshed nightly.");
        }

        var frozen = offer.FrozenAt is not null;
        var lends = offer.Action != PolicyAction.Decline && !frozen;
        return TypedResults.Ok(new OfferResponse(
            offer.MerchantId,
            frozen ? "frozen" : PolicyActions.ToText(offer.Action),
            lends ? offer.CreditLimit.Amount : 0m,
            offer.DailyRate,
            offer.DailyRate * CreditPolicy.DaysPerYear,
            frozen ? 0m : offer.OrderAdvanceRate,
            offer.Score,
            offer.Pd,
            offer.RiskGrade,
            offer.Reasons,
            offer.ModelId,
            offer.PolicyVersion,
            offer.AsOf,
            offer.ComputedAt,
            offer.ValidUntil,
            time.GetUtcNow() < offer.ValidUntil,
            frozen,
            offer.FrozenReason));
    }
}
