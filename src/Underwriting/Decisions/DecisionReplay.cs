using System.Text.Json;
using Microcredit.Scoring.Money;
using Microcredit.Scoring.Registry;
using Microcredit.Scoring.Settlement;
using Microcredit.Scoring.Storage;
using Microcredit.Underwriting.Api;
using Microcredit.Underwriting.Policy;

namespace Microcredit.Underwriting.Decisions;

/// <summary>
/// Recomputes a stored decision from its stored inputs, with the model artifact and policy version
/// it names (both from the database), and compares the result with the response given at the time.
/// </summary>
public static class DecisionReplay
{
    public sealed record Result(string DecisionId, bool Identical, string Stored, string Recomputed);

    /// <exception cref="KeyNotFoundException">No such decision, or its model or policy is missing.</exception>
    public static async Task<Result> ReplayAsync(Database database, string decisionId, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var decision = await DecisionStore.FindAsync(connection, null, decisionId, cancellationToken)
            ?? throw new KeyNotFoundException($"No decision '{decisionId}'.");
        var policy = await PolicyStore.LoadAsync(connection, decision.PolicyVersion, cancellationToken)
            ?? throw new KeyNotFoundException($"Decision {decisionId} names policy {decision.PolicyVersion}, which the database does not hold.");
        var model = decision.ModelId is null ? null : await ModelRegistry.FindAsync(connection, decision.ModelId, cancellationToken)
            ?? throw new KeyNotFoundException($"Decision {decisionId} names model {decision.ModelId}, which the registry does not hold.");
        var inputs = JsonSerializer.Deserialize<DecisionInputs>(decision.Inputs, ApiJson.Options)
            ?? throw new InvalidOperationException($"Decision {decisionId} has no inputs.");
        var facts = inputs.ToFacts();
        string recomputed;
        if (decision.Product == DecisionOutcomes.CreditProduct)
        {
            var request = inputs.Request.Deserialize<CreditInputs>(ApiJson.Options)!;
            var scorer = new MerchantScorer(model!.Artifact, model.ModelId);
            var (response, _) = CreditDecisions.Decide(policy, facts, scorer, new Money(request.RequestedAmount), request.TermMonths, request.FrozenReason, inputs.DecidedAt, decisionId);
            recomputed = JsonSerializer.Serialize(response, ApiJson.Options);
        }
        else
        {
            var request = inputs.Request.Deserialize<OrderInputs>(ApiJson.Options)!;
            var settlement = decision.SettlementModelId is null ? null : await ModelRegistry.FindAsync(connection, decision.SettlementModelId, cancellationToken)
                ?? throw new KeyNotFoundException($"Decision {decisionId} names settlement model {decision.SettlementModelId}, which the registry does not hold.");
            var scorer = new MerchantScorer(model!.Artifact, model.ModelId);
            var response = OrderDecisions.Decide(
                policy, facts, scorer, new SettlementModel(settlement!.Artifact), settlement.ModelId, request.Category, request.Candidates, request.OrderIds is not null, inputs.DecidedAt, decisionId);
            recomputed = JsonSerializer.Serialize(response, ApiJson.Options);
        }

        return new Result(decisionId, recomputed == decision.Response, decision.Response, recomputed);
    }
}
