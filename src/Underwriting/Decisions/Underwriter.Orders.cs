using System.Data.Common;
using System.Text.Json;
using Dapper;
using Microcredit.Scoring.Money;
using Microcredit.Scoring.Registry;
using Microcredit.Scoring.Settlement;
using Microcredit.Scoring.Storage;
using Microcredit.Underwriting.Api;
using Microcredit.Underwriting.Audit;
using Microcredit.Underwriting.Auth;

namespace Microcredit.Underwriting.Decisions;

public sealed partial class Underwriter
{
    /// <summary>Most orders one request may name.</summary>
    public const int MaxOrderIds = 500;

    /// <summary>The decision on an order-loan request, its reads on the request's <paramref name="connection"/>.</summary>
    public async Task<PostResult> DecideOrdersAsync(DbConnection connection, OrderDecisionRequest request, ApiCaller caller, CancellationToken cancellationToken)
    {
        if (ValidateOrders(request) is { } invalid)
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
        var settlement = lookup.SettlementChampion is null ? null : await models.ByIdAsync(connection, lookup.SettlementChampion, cancellationToken);
        if (scorer is null || settlement is null)
        {
            return PostResult.Fail(NoChampion(scorer is null ? ModelRegistry.CreditKind : ModelRegistry.SettlementKind));
        }

        var orders = (await MerchantOrders.LoadAsync(connection, merchantId, cancellationToken))!;
        var pledged = (await connection.QueryAsync<string>(new CommandDefinition(
            "SELECT p.order_id FROM loan_pledges p JOIN loans l ON l.loan_id = p.loan_id WHERE l.merchant_id = @merchantId",
            new { merchantId },
            cancellationToken: cancellationToken))).ToHashSet(StringComparer.Ordinal);
        List<string>? orderIds = request.OrderIds is null ? null : [.. request.OrderIds.Select(id => id!.Trim())];
        var listed = orderIds is not null;
        var candidates = listed
            ? await ListedAsync(connection, orders, pledged, orderIds!, now, cancellationToken)
            : Pending(orders, pledged, now);

        var decisionId = Ids.NewOrdered("dec_", now);
        var model = SettlementFor(settlement);
        var response = OrderDecisions.Decide(Policy, facts, scorer, model, settlement.ModelId, orders.Merchant.Category, candidates, listed, now, decisionId);
        var json = JsonSerializer.Serialize(response, ApiJson.Options);
        var inputs = DecisionInputs.From(new OrderInputs(merchantId, orderIds, orders.Merchant.Category, candidates), facts, now);
        var record = new DecisionRecord(
            decisionId,
            merchantId,
            DecisionOutcomes.OrderProduct,
            response.Outcome,
            null,
            null,
            new Money(response.TotalAdvance).ToMinor(),
            null,
            Rate.ToMicros(response.DailyRate),
            response.Score,
            response.Pd,
            response.RiskGrade,
            0,
            JsonSerializer.Serialize(response.Reasons, ApiJson.Options),
            scorer.ModelId,
            settlement.ModelId,
            response.PolicyVersion,
            response.FeatureAsOf is { } asOf ? DbTime.ToDb(asOf) : null,
            JsonSerializer.Serialize(inputs, ApiJson.Options),
            json,
            caller.KeyId,
            DbTime.ToDb(now),
            DbTime.ToDb(response.ExpiresAt));
        var lines = response.Orders.Select(l => new DecisionOrderRecord(
            decisionId,
            l.OrderId,
            l.Eligible ? 1 : 0,
            l.Reason,
            l.OrderAmount is { } amount ? new Money(amount).ToMinor() : null,
            l.SettleProbability,
            l.AdvanceRate is { } rate ? Rate.ToMicros(rate) : null,
            new Money(l.AdvanceAmount).ToMinor())).ToList();
        return PostResult.Created(response, async (connection, transaction, token) =>
        {
            await DecisionStore.InsertAsync(connection, transaction, record, lines, token);
            await AuditLog.WriteAsync(connection, transaction, caller.KeyId, "decision.order", decisionId,
                new { merchantId, outcome = response.Outcome, advance = response.TotalAdvance, orders = lines.Count(l => l.Eligible == 1), model = scorer.ModelId, settlement = settlement.ModelId, policy = response.PolicyVersion }, now, token);
            return null;
        }) with { Json = json };
    }

    /// <summary>The settlement model of a registered artifact, built once per model id.</summary>
    internal SettlementModel SettlementFor(RegisteredModel model) => settlementModels.GetOrAdd(model.ModelId, _ => new SettlementModel(model.Artifact));

    private static IResult? ValidateOrders(OrderDecisionRequest request)
    {
        if (CreditDecisionsApi.MerchantIdProblem(request.MerchantId) is { } problem)
        {
            return problem;
        }

        if (request.OrderIds is not { } ids)
        {
            return null;
        }

        if (ids.Count == 0 || ids.Count > MaxOrderIds)
        {
            return ApiProblems.Field("orderIds", $"must hold 1 to {MaxOrderIds} order ids, or be left out for every eligible order.");
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < ids.Count; i++)
        {
            if (string.IsNullOrWhiteSpace(ids[i]))
            {
                return ApiProblems.Field($"orderIds[{i}]", "must be a non-empty order id.");
            }

            if (ApiIds.Problem($"orderIds[{i}]", ids[i]!) is { } malformed)
            {
                return malformed;
            }

            if (!seen.Add(ids[i]!.Trim()))
            {
                return ApiProblems.Field($"orderIds[{i}]", $"repeats order {ids[i]}.");
            }
        }

        return null;
    }

    /// <summary>Every order pending now, shipped within the window and not pledged: the candidates when the caller names none.</summary>
    private List<OrderCandidate> Pending(MerchantOrders orders, HashSet<string> pledged, DateTimeOffset now)
    {
        var at = DbTime.ToDb(now);
        var window = (long)TimeSpan.FromDays(Policy.OrderLoans.MaxShipAgeDays).TotalMilliseconds;
        var candidates = new List<OrderCandidate>();
        for (var i = 0; i < orders.Count; i++)
        {
            var order = orders[i];
            if (order.IsPendingAt(at) && at - order.ShippedAt!.Value <= window && !pledged.Contains(order.OrderId))
            {
                candidates.Add(Candidate(orders, i, false, at));
            }
        }

        return candidates;
    }

    private static async Task<List<OrderCandidate>> ListedAsync(
        DbConnection connection, MerchantOrders orders, HashSet<string> pledged, List<string> ids, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var at = DbTime.ToDb(now);
        var missing = ids.Where(id => orders.IndexOf(id) < 0).ToList();
        // Usually none or one: a lookup each keeps the SQL the same on both engines.
        var elsewhere = new HashSet<string>(StringComparer.Ordinal);
        foreach (var id in missing)
        {
            if (await connection.ExecuteScalarAsync<long>(new CommandDefinition(
                "SELECT count(*) FROM orders WHERE order_id = @id", new { id }, cancellationToken: cancellationToken)) > 0)
            {
                elsewhere.Add(id);
            }
        }
        var candidates = new List<OrderCandidate>(ids.Count);
        foreach (var id in ids)
        {
            var index = orders.IndexOf(id);
            if (index < 0)
            {
                candidates.Add(new OrderCandidate(id, elsewhere.Contains(id) ? OrderReasonCodes.NotMerchantsOrder : OrderReasonCodes.UnknownOrder, null, null, null, null, null, false, null));
                continue;
            }

            candidates.Add(Candidate(orders, index, pledged.Contains(id), at));
        }

        return candidates;
    }

    /// <summary>An order's state, with its settlement features when it is pending (only those are scored).</summary>
    private static OrderCandidate Candidate(MerchantOrders orders, int index, bool isPledged, long at)
    {
        var order = orders[index];
        double?[]? features = null;
        if (order.IsPendingAt(at))
        {
            Span<double> values = stackalloc double[SettlementCatalog.Count];
            orders.ComputeFeatures(index, at, values);
            features = new double?[values.Length];
            for (var f = 0; f < values.Length; f++)
            {
                features[f] = double.IsNaN(values[f]) ? null : values[f];
            }
        }

        return new OrderCandidate(order.OrderId, null, order.AmountCents, order.ShippedAt, order.SettledAt, order.RefundedAt, order.DisputedAt, isPledged, features);
    }
}

/// <summary>The stored request of an order-loan decision: what was asked, and the orders as seen.</summary>
public sealed record OrderInputs(string MerchantId, IReadOnlyList<string>? OrderIds, string Category, IReadOnlyList<OrderCandidate> Candidates);
