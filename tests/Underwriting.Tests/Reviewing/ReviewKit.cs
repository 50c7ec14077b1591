using Microcredit.Scoring.Money;
using Microcredit.Underwriting.Dashboard.Officers;
using Microcredit.Underwriting.Reviewing;
using Microcredit.Underwriting.Tests.Api;

namespace Microcredit.Underwriting.Tests.Reviewing;

/// <summary>The cast of the review tests and one-call actions on a world's cases.</summary>
internal static class ReviewKit
{
    public static readonly ReviewActor Chen = new("chen", OfficerRoles.Officer, new Money(50_000m));

    public static readonly ReviewActor Wang = new("wang", OfficerRoles.Officer, new Money(50_000m));

    public static readonly ReviewActor LiWei = new("li.wei", OfficerRoles.Supervisor, new Money(500_000m));

    /// <summary>A credit request of <see cref="ApiWorld.Middling"/>, which the world's policy refers to review; returns its decision id.</summary>
    public static async Task<string> ReferAsync(ApiWorld world, decimal amount = 800m)
    {
        var response = await ApiWorld.JsonAsync(await world.PostAsync("/v1/credit-loans/decisions", new { merchantId = ApiWorld.Middling, requestedAmount = amount, termMonths = 3 }));
        Assert.Equal("review", (string?)response["outcome"]);
        return (string)response["decisionId"]!;
    }

    /// <summary>A credit request of <see cref="ApiWorld.Good"/> (approved by the policy) or <see cref="ApiWorld.Poor"/> (declined); returns its decision id.</summary>
    public static async Task<string> DecideAsync(ApiWorld world, string merchantId, decimal amount = 800m)
    {
        var response = await ApiWorld.JsonAsync(await world.PostAsync("/v1/credit-loans/decisions", new { merchantId, requestedAmount = amount, termMonths = 3 }));
        return (string)response["decisionId"]!;
    }

    /// <summary>One action in a transaction of its own, committed when it is recorded.</summary>
    public static async Task<ReviewOutcome> ActAsync(
        ApiWorld world, ReviewActor actor, string decisionId, long version, string action, decimal? amount = null, string? note = null, string? outcome = null)
    {
        await using var connection = await world.Database.Database.OpenAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        var result = await Reviews.ActAsync(
            connection, transaction, new ReviewCommand(decisionId, version, action, outcome, amount is { } a ? new Money(a) : null, note), actor, world.Clock.GetUtcNow(), CancellationToken.None);
        if (result.Recorded)
        {
            await transaction.CommitAsync();
        }

        return result;
    }

    public static async Task<System.Text.Json.Nodes.JsonObject> GetDecisionAsync(ApiWorld world, string decisionId) =>
        await ApiWorld.JsonAsync(await world.Client.GetAsync(new Uri($"/v1/decisions/{decisionId}", UriKind.Relative)));
}
