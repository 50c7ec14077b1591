using System.Collections.Concurrent;
using System.Data.Common;
using System.Text.Json;
using Dapper;
using Microcredit.Scoring.Money;
using Microcredit.Scoring.Registry;
using Microcredit.Scoring.Storage;
using Microcredit.Underwriting.Api;
using Microcredit.Underwriting.Audit;
using Microcredit.Underwriting.Auth;
using Microcredit.Underwriting.Policy;

namespace Microcredit.Underwriting.Decisions;

/// <summary>
/// Turns a validated request into a decision: reads the merchant's facts and the champion model,
/// decides through the pure <see cref="CreditDecisions"/>, and hands the API the rows to commit
/// (decision, audit event) with the response.
/// </summary>
public sealed partial class Underwriter(RunningPolicy running, ChampionModels models, TimeProvider time)
{
    private readonly ConcurrentDictionary<string, MerchantScorer> scorers = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, Scoring.Settlement.SettlementModel> settlementModels = new(StringComparer.Ordinal);

    public CreditPolicy Policy => running.Policy;

    /// <summary>The decision on a request, its reads on the request's <paramref name="connection"/>.</summary>
    public async Task<PostResult> DecideCreditAsync(DbConnection connection, CreditDecisionRequest request, ApiCaller caller, CancellationToken cancellationToken)
    {
        if (CreditDecisionsApi.Validate(request, Policy) is { } invalid)
        {
            return PostResult.Fail(invalid);
        }

        var merchantId = request.MerchantId!.Trim();
        var now = Now();
        var (lookup, refused) = await FactsAsync(connection, caller, merchantId, now, cancellationToken);
        if (refused is not null)
        {
            return PostResult.Fail(refused);
        }

        var facts = lookup!.Facts;
        var scorer = await ScorerAsync(connection, lookup.CreditChampion, cancellationToken);
        if (scorer is null)
        {
            return PostResult.Fail(NoChampion(ModelRegistry.CreditKind));
        }

        var decisionId = Ids.NewOrdered("dec_", now);
        var frozen = lookup.FrozenReason;
        var (response, _) = CreditDecisions.Decide(Policy, facts, scorer, new Money(request.RequestedAmount!.Value), request.TermMonths!.Value, frozen, now, decisionId);
        var json = JsonSerializer.Serialize(response, ApiJson.Options);
        var inputs = DecisionInputs.From(new CreditInputs(merchantId, request.RequestedAmount!.Value, request.TermMonths!.Value, frozen), facts, now);
        var record = new DecisionRecord(
            decisionId,
            merchantId,
            DecisionOutcomes.CreditProduct,
            response.Outcome,
            new Money(response.RequestedAmount).ToMinor(),
            response.TermMonths,
            new Money(response.ApprovedAmount).ToMinor(),
            new Money(response.CreditLimit).ToMinor(),
            Rate.ToMicros(response.DailyRate),
            response.Score,
            response.Pd,
            response.RiskGrade,
            response.CounterOffer ? 1 : 0,
            JsonSerializer.Serialize(response.Reasons, ApiJson.Options),
            scorer.ModelId,
            null,
            response.PolicyVersion,
            response.FeatureAsOf is { } asOf ? DbTime.ToDb(asOf) : null,
            JsonSerializer.Serialize(inputs, ApiJson.Options),
            json,
            caller.KeyId,
            DbTime.ToDb(now),
            DbTime.ToDb(response.ExpiresAt));
        var audit = AuditLog.Values(caller.KeyId, "decision.credit", decisionId,
            new { merchantId, outcome = response.Outcome, approved = response.ApprovedAmount, model = scorer.ModelId, policy = response.PolicyVersion }, now);
        return PostResult.Inserted(response, json, DecisionStore.InsertWithAudit(record, audit));
    }

    /// <summary>The clock's instant at the millisecond the database keeps, so a response and its stored row agree.</summary>
    private DateTimeOffset Now() => DbTime.FromDb(DbTime.ToDb(time.GetUtcNow()));

    /// <summary>The merchant's facts and context, or the problem: 404 unknown merchant, 403 when the key may not act for it.</summary>
    private static async Task<(MerchantLookup? Lookup, IResult? Problem)> FactsAsync(DbConnection connection, ApiCaller caller, string merchantId, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var lookup = await MerchantFactsLoader.LoadAsync(connection, caller.KeyId, merchantId, now, cancellationToken);
        if (lookup is null)
        {
            return (null, ApiProblems.NotFound("merchantId", $"No merchant '{merchantId}'."));
        }

        if (!lookup.MayAct)
        {
            return (null, ApiProblems.Forbidden("merchantId", $"This API key may not act for merchant '{merchantId}'."));
        }

        return (lookup, null);
    }

    /// <summary>The scorer of a champion (compiled once per model id), or null when the registry has none.</summary>
    private async Task<MerchantScorer?> ScorerAsync(DbConnection connection, string? modelId, CancellationToken cancellationToken)
    {
        var model = modelId is null ? null : await models.ByIdAsync(connection, modelId, cancellationToken);
        return model is null ? null : ScorerFor(model);
    }

    private MerchantScorer ScorerFor(RegisteredModel model) => scorers.GetOrAdd(model.ModelId, _ => new MerchantScorer(model.Artifact, model.ModelId));

    private static Microsoft.AspNetCore.Http.HttpResults.ProblemHttpResult NoChampion(string kind) => ApiProblems.Problem(
        StatusCodes.Status503ServiceUnavailable, "no-model", "No model to decide with.", $"The registry has no champion {kind} model; run credit models seed.");
}
