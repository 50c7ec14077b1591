namespace Microcredit.Underwriting.Decisions;

/// <summary><c>POST /v1/order-loans/decisions</c>: advances on shipped, unsettled orders, each at its own rate.</summary>
public static class OrderDecisionsApi
{
    public static void MapOrderDecisionsApi(this RouteGroupBuilder v1) =>
        v1.MapPost("/order-loans/decisions", (HttpContext http, Api.ApiPost post, Underwriter underwriter) =>
                post.HandleAsync<OrderDecisionRequest>(http, async (request, caller, cancellationToken) =>
                    await underwriter.DecideOrdersAsync(await Api.RequestConnection.GetAsync(http), request, caller, cancellationToken)))
            .WithName("DecideOrderLoan")
            .WithSummary("Decide an order loan: per order eligible (with its settlement probability, advance rate and advance) or the reason not; the total advance, daily rate and expected interest.")
            .Accepts<OrderDecisionRequest>("application/json")
            .Produces<OrderDecisionResponse>(StatusCodes.Status201Created)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);
}
