using System.Net;
using Microcredit.Scoring.Storage;
using Microcredit.Tests;
using Microcredit.Underwriting.Auth;

namespace Microcredit.Underwriting.Tests.Api;

public class ApiErrorTests
{
    private const string Path = "/v1/credit-loans/decisions";

    [Theory, Engines]
    public async Task Bad_requests_get_a_problem_naming_the_field_and_write_nothing(DatabaseEngine engine)
    {
        await using var world = await ApiWorld.CreateAsync(engine);
        var cases = new (string Body, string Field)[]
        {
            ("{\"merchantId\": \"M_GOOD\", \"requestedAmount\": 10", "body"),
            ("[1, 2]", "body"),
            ("", "body"),
            ("{\"merchantId\": \"M_GOOD\", \"requestedAmount\": 1000, \"termMonths\": 6, \"promo\": \"x\"}", "promo"),
            ("{\"merchantId\": \"M_GOOD\", \"requestedAmount\": \"1000\", \"termMonths\": 6}", "requestedAmount"),
            ("{\"merchantId\": 7, \"requestedAmount\": 1000, \"termMonths\": 6}", "merchantId"),
            ("{\"requestedAmount\": 1000, \"termMonths\": 6}", "merchantId"),
            ("{\"merchantId\": \"M_GOOD\", \"termMonths\": 6}", "requestedAmount"),
            ("{\"merchantId\": \"M_GOOD\", \"requestedAmount\": 1000}", "termMonths"),
            ("{\"merchantId\": \"M_GOOD\", \"requestedAmount\": 1000, \"termMonths\": 5}", "termMonths"),
            ("{\"merchantId\": \"M_GOOD\", \"requestedAmount\": 1000, \"termMonths\": 6.5}", "termMonths"),
            ("{\"merchantId\": \"M_GOOD\", \"requestedAmount\": 10.005, \"termMonths\": 6}", "requestedAmount"),
            ("{\"merchantId\": \"M_GOOD\", \"requestedAmount\": -5, \"termMonths\": 6}", "requestedAmount"),
            ("{\"merchantId\": \"M_GOOD\", \"requestedAmount\": 1e300, \"termMonths\": 6}", "requestedAmount"),
        };

        foreach (var (body, field) in cases)
        {
            var response = await world.PostAsync(Path, body);
            Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{body}: {response.StatusCode}");
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            var problem = await ApiWorld.JsonAsync(response);
            Assert.True((string?)problem["field"] == field, $"{body}: {problem}");
            Assert.Equal(400, (int)problem["status"]!);
        }

        Assert.Equal(0, await world.CountAsync("decisions"));
        Assert.Equal(0, await world.CountAsync("idempotency_keys"));
    }

    [Theory, Engines]
    public async Task Keys_are_required_valid_and_scoped_to_their_merchants(DatabaseEngine engine)
    {
        await using var world = await ApiWorld.CreateAsync(engine);
        var body = new { merchantId = ApiWorld.Good, requestedAmount = 1000m, termMonths = 6 };
        using var anonymous = world.Factory.CreateClient();
        using var forged = world.Factory.CreateClient();
        forged.DefaultRequestHeaders.Add(ApiKeyAuthentication.Header, world.Key[..^1] + (world.Key[^1] == 'A' ? 'B' : 'A'));

        var missing = await world.PostAsync(Path, body, client: anonymous);
        var wrong = await world.PostAsync(Path, body, client: forged);
        var stranger = await world.PostAsync(Path, new { merchantId = ApiWorld.Stranger, requestedAmount = 1000m, termMonths = 6 });
        var unknown = await world.PostAsync(Path, new { merchantId = "M_NOBODY", requestedAmount = 1000m, termMonths = 6 });
        var noIdempotencyKey = await world.Client.PostAsync(new Uri(Path, UriKind.Relative), System.Net.Http.Json.JsonContent.Create(body));

        Assert.Equal(HttpStatusCode.Unauthorized, missing.StatusCode);
        Assert.Equal("application/problem+json", missing.Content.Headers.ContentType?.MediaType);
        Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, stranger.StatusCode);
        Assert.Equal("merchantId", (string?)(await ApiWorld.JsonAsync(stranger))["field"]);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal("merchantId", (string?)(await ApiWorld.JsonAsync(unknown))["field"]);
        Assert.Equal(HttpStatusCode.BadRequest, noIdempotencyKey.StatusCode);
        Assert.Equal("Idempotency-Key", (string?)(await ApiWorld.JsonAsync(noIdempotencyKey))["field"]);
        Assert.Equal(0, await world.CountAsync("decisions"));
    }

    [Theory, Engines]
    public async Task A_key_over_its_rate_gets_429_with_retry_after(DatabaseEngine engine)
    {
        await using var world = await ApiWorld.CreateAsync(engine, requestsPerMinute: 3);
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 4; i++)
        {
            statuses.Add((await world.Client.GetAsync(new Uri("/v1/decisions/dec_NONE", UriKind.Relative))).StatusCode);
        }

        var limited = await world.Client.GetAsync(new Uri("/v1/decisions/dec_NONE", UriKind.Relative));
        // 10:00:00 is the start of a window: 60 s to the next one.
        world.Clock.Advance(TimeSpan.FromMinutes(1));
        var nextWindow = await world.Client.GetAsync(new Uri("/v1/decisions/dec_NONE", UriKind.Relative));

        Assert.Equal([HttpStatusCode.NotFound, HttpStatusCode.NotFound, HttpStatusCode.NotFound, HttpStatusCode.TooManyRequests], statuses);
        Assert.Equal(HttpStatusCode.TooManyRequests, limited.StatusCode);
        Assert.Equal("60", limited.Headers.RetryAfter?.ToString());
        Assert.Equal(HttpStatusCode.NotFound, nextWindow.StatusCode);
    }

    [Fact]
    public async Task The_OpenAPI_document_lists_the_endpoints()
    {
        await using var world = await ApiWorld.CreateAsync(DatabaseEngine.Sqlite);

        var document = await ApiWorld.JsonAsync(await world.Factory.CreateClient().GetAsync(new Uri("/openapi/v1.json", UriKind.Relative)));

        var paths = document["paths"]!.AsObject().Select(p => p.Key).ToList();
        Assert.Contains("/v1/credit-loans/decisions", paths);
        Assert.Contains("/v1/decisions/{decisionId}", paths);
    }
}
