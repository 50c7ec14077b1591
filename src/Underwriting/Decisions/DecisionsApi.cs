using System.Text.Json.Nodes;
using Microcredit.Scoring.Money;
using Microcredit.Scoring.Storage;
using Microcredit.Underwriting.Api;
using Microcredit.Underwriting.Auth;

namespace Microcredit.Underwriting.Decisions;

/// <summary><c>GET /v1/decisions/{id}</c>: a decision as it was answered, with its final outcome after any review or override.</summary>
public static class DecisionsApi
{
    public static void MapDecisionsApi(this RouteGroupBuilder v1) =>
        v1.MapGet("/decisions/{decisionId}", GetAsync)
            .WithName("GetDecision")
            .WithSummary("A decision as answered, plus finalOutcome (after an officer's review or a supervisor's override), the review and the reviewHistory.")
            .Produces<JsonObject>()
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound);

    private static async Task<IResult> GetAsync(string decisionId, HttpContext http, Database database)
    {
        var cancellationToken = http.RequestAborted;
        var caller = ApiCaller.From(http.User);
        await using var connection = await database.OpenAsync(cancellationToken);
        var decision = await DecisionStore.FindAsync(connection, null, decisionId, cancellationToken);
        if (decision is null)
        {
            return ApiProblems.NotFound("decisionId", $"No decision '{decisionId}'.");
        }

        if (!await ApiKeys.MayActForAsync(connection, caller.KeyId, decision.MerchantId, cancellationToken))
        {
            return ApiProblems.Forbidden("decisionId", $"This API key may not act for merchant '{decision.MerchantId}'.");
        }

        var review = await DecisionStore.ReviewAsync(connection, null, decisionId, cancellationToken);
        var actions = await Reviewing.ReviewCase.ActionsAsync(connection, null, decisionId, cancellationToken);
        var body = JsonNode.Parse(decision.Response)!.AsObject();
        body["finalOutcome"] = review?.Outcome ?? decision.Outcome;
        body["review"] = review is null ? null : new JsonObject
        {
            ["outcome"] = review.Outcome,
            ["approvedAmount"] = Money.FromMinor(review.ApprovedAmount).Amount,
            ["reviewedAt"] = DbTime.FromDb(review.ReviewedAt),
            ["note"] = review.Note,
            ["source"] = review.Source,
        };
        // Every human action, overrides included; the notes of earlier actions stay internal.
        body["reviewHistory"] = new JsonArray([.. actions.Select(a => (JsonNode)new JsonObject
        {
            ["action"] = a.Action,
            ["outcome"] = a.Outcome,
            ["approvedAmount"] = a.ApprovedAmount is { } cents ? Money.FromMinor(cents).Amount : null,
            ["at"] = DbTime.FromDb(a.At),
        })]);
        return Results.Text(body.ToJsonString(ApiJson.Options), "application/json", System.Text.Encoding.UTF8);
    }
}
