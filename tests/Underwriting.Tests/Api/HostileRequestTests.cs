using Microcredit.Scoring.Storage;
using Microcredit.Tests;

namespace Microcredit.Underwriting.Tests.Api;

/// <summary>
/// A bounded run of the reliability harness's fuzzer (bench reliability, docs/reliability.md) in
/// process: every hostile request gets a 4xx problem+json whose status matches, and nothing is written.
/// </summary>
public class HostileRequestTests
{
    private const int Seed = 20261101;

    private const int Requests = 3_000;

    /// <summary>The tables a request that is refused must leave alone.</summary>
    private static readonly string[] Written = ["decisions", "decision_orders", "audit_events", "idempotency_keys", "loans", "installments", "repayments", "loan_pledges"];

    [Theory, Engines]
    public async Task Hostile_requests_get_a_4xx_problem_and_write_nothing(DatabaseEngine engine)
    {
        await using var world = await ApiWorld.CreateAsync(engine, requestsPerMinute: 10_000_000);
        using var stranger = await world.ClientForAsync("stranger-app", ApiWorld.Stranger);
        var decision = await ApiWorld.JsonAsync(await world.PostAsync("/v1/credit-loans/decisions", new { merchantId = ApiWorld.Stranger, requestedAmount = 500m, termMonths = 3 }, client: stranger));
        var loan = await ApiWorld.JsonAsync(await world.PostAsync("/v1/loans", new { decisionId = (string)decision["decisionId"]! }, client: stranger));
        var before = await CountsAsync(world);
        var fuzz = new HostileRequests(Seed, new HostileTarget(world.Key, ApiWorld.Good, ApiWorld.Stranger, (string)decision["decisionId"]!, (string)loan["loanId"]!));
        using var client = world.Factory.CreateClient();

        var failures = new System.Collections.Concurrent.ConcurrentQueue<string>();
        await Parallel.ForEachAsync(fuzz.Take(0, Requests), new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (request, cancellationToken) =>
        {
            using var message = request.ToMessage();
            using var response = await client.SendAsync(message, cancellationToken);
            var body = await response.Content.ReadAsByteArrayAsync(cancellationToken);
            if (HostileRequests.WrongAnswer((int)response.StatusCode, response.Content.Headers.ContentType?.MediaType, body) is { } problem)
            {
                failures.Enqueue($"{problem}: {request.Describe()}");
            }
        });

        Assert.True(failures.IsEmpty, $"{failures.Count} of {Requests} answered wrongly, e.g.:\n{string.Join("\n", failures.Take(10))}");
        Assert.Equal(before, await CountsAsync(world));
    }

    private static async Task<string> CountsAsync(ApiWorld world)
    {
        var counts = new List<string>();
        foreach (var table in Written)
        {
            counts.Add($"{table} {await world.CountAsync(table)}");
        }

        return string.Join(", ", counts);
    }
}
