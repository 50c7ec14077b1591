using System.Net;
using System.Text.Json;
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
            if (Problem((int)response.StatusCode, response.Content.Headers.ContentType?.MediaType, body) is { } problem)
            {
                failures.Enqueue($"{problem}: {request.Describe()}");
            }
        });

        Assert.True(failures.IsEmpty, $"{failures.Count} of {Requests} answered wrongly, e.g.:\n{string.Join("\n", failures.Take(10))}");
        Assert.Equal(before, await CountsAsync(world));
    }

    /// <summary>What is wrong with a response to a hostile request, or null: a 4xx problem+json whose <c>status</c> is the response's.</summary>
    internal static string? Problem(int status, string? mediaType, byte[] body)
    {
        if (status is < 400 or >= 500)
        {
            return $"status {status} ({System.Text.Encoding.UTF8.GetString(body.AsSpan(0, Math.Min(body.Length, 300)))})";
        }

        if (mediaType != "application/problem+json")
        {
            return $"status {status} as {mediaType ?? "no content type"}";
        }

        try
        {
            using var document = JsonDocument.Parse(body);
            return document.RootElement.TryGetProperty("status", out var stated) && stated.TryGetInt32(out var number) && number == status
                ? null
                : $"status {status} but the problem says {document.RootElement}";
        }
        catch (JsonException)
        {
            return $"status {status}: the problem is not JSON";
        }
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
