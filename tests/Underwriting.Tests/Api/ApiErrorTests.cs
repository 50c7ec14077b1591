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
            ("{\"merchantId\": \"M_GOOD\", \"requestedAmount\": 1000, \"termMonths\": 6, \"termMonths\": 6}", "termMonths"),
            ("{\"merchantId\": \"M_GOOD\", \"requestedAmount\": 1000, \"merchantId\": \"M_POOR\", \"termMonths\": 6}", "merchantId"),
            ("{\"merchantId\": \"M_GOOD\", \"requestedAmount\": 1000, \"termMonths\": 6}}", "body"),
            ("{\"merchantId\": \"M_GOOD\", \"requestedAmount\": 1000, \"termMonths\": 6} {}", "body"),
            ("{\"merchantId\": \"M_GOOD\\t\", \"requestedAmount\": 1000, \"termMonths\": 6}", "merchantId"),
            ("{\"merchantId\": \"M_GOOD\\u0000\", \"requestedAmount\": 1000, \"termMonths\": 6}", "merchantId"),
            ("{\"merchantId\": \"M_GOOD\\ud800\", \"requestedAmount\": 1000, \"termMonths\": 6}", "merchantId"),
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
    public async Task A_body_that_is_not_UTF8_or_an_order_id_that_is_not_text_is_400_and_writes_nothing(DatabaseEngine engine)
    {
        await using var world = await ApiWorld.CreateAsync(engine);
        // "M_GOOD" with a lone continuation byte, and with a UTF-8-encoded surrogate (ED A0 80).
        byte[][] bodies =
        [
            [.. "{\"merchantId\":\"M_GO"u8, 0x80, .. "OD\",\"requestedAmount\":1000,\"termMonths\":6}"u8],
            [.. "{\"merchantId\":\"M_GOOD"u8, 0xED, 0xA0, 0x80, .. "\",\"requestedAmount\":1000,\"termMonths\":6}"u8],
            [.. "{\"merchant"u8, 0xFF, .. "Id\":\"M_GOOD\",\"requestedAmount\":1000,\"termMonths\":6}"u8],
        ];
        foreach (var body in bodies)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(Path, UriKind.Relative)) { Content = new ByteArrayContent(body) };
            request.Content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
            request.Headers.Add("Idempotency-Key", Guid.NewGuid().ToString());
            var response = await world.Client.SendAsync(request);
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.Equal("body", (string?)(await ApiWorld.JsonAsync(response))["field"]);
        }

        var orders = await world.PostAsync("/v1/order-loans/decisions", "{\"merchantId\": \"M_GOOD\", \"orderIds\": [\"O_PENDING_1\", \"O_PENDING_2\\u0000\"]}");
        Assert.Equal(HttpStatusCode.BadRequest, orders.StatusCode);
        Assert.Equal("orderIds[1]", (string?)(await ApiWorld.JsonAsync(orders))["field"]);
        var drawdown = await world.PostAsync("/v1/loans", "{\"decisionId\": \"dec_\\u0007\"}");
        Assert.Equal(HttpStatusCode.BadRequest, drawdown.StatusCode);
        Assert.Equal("decisionId", (string?)(await ApiWorld.JsonAsync(drawdown))["field"]);
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
    public async Task Another_merchants_decision_cannot_be_read_nor_its_orders_decided(DatabaseEngine engine)
    {
        await using var world = await ApiWorld.CreateAsync(engine);
        using var stranger = await world.ClientForAsync("stranger-app", ApiWorld.Stranger);
        var theirs = await ApiWorld.JsonAsync(await world.PostAsync(Path, new { merchantId = ApiWorld.Stranger, requestedAmount = 500m, termMonths = 3 }, client: stranger));
        var decisions = await world.CountAsync("decisions");

        var read = await world.Client.GetAsync(new Uri($"/v1/decisions/{(string)theirs["decisionId"]!}", UriKind.Relative));
        var orders = await world.PostAsync("/v1/order-loans/decisions", new { merchantId = ApiWorld.Stranger });
        var own = await stranger.GetAsync(new Uri($"/v1/decisions/{(string)theirs["decisionId"]!}", UriKind.Relative));

        Assert.Equal(HttpStatusCode.Forbidden, read.StatusCode);
        Assert.Equal("decisionId", (string?)(await ApiWorld.JsonAsync(read))["field"]);
        Assert.Equal(HttpStatusCode.Forbidden, orders.StatusCode);
        Assert.Equal(HttpStatusCode.OK, own.StatusCode);
        Assert.Equal(decisions, await world.CountAsync("decisions"));
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
