using System.Globalization;
using System.Net.Http.Headers;
using System.Text;

namespace Microcredit.Bench;

/// <summary>
/// One kind of request the <c>api</c> bench can drive: how to build request number i, and the
/// SQL that counts the rows a 2xx response promises are committed (the durability check). A new
/// endpoint is one more entry in <see cref="All"/>.
/// </summary>
internal sealed record ApiScenario(string Name, string Description, string? CountSql, Func<ApiBenchTarget, string, long, HttpRequestMessage> Build);

/// <summary>What the scenarios need to build requests: the key and the merchants it may act for.</summary>
internal sealed record ApiBenchTarget(string ApiKey, IReadOnlyList<string> MerchantIds)
{
    /// <summary>The key's id (<c>key_…</c>, the part before the dot): what its rows are stored under.</summary>
    public string KeyId { get; init; } = ApiKey.Split('.')[0];
}

internal static class ApiBenchScenarios
{
    private static readonly int[] Terms = [3, 6, 12];

    public static readonly IReadOnlyDictionary<string, ApiScenario> All = new Dictionary<string, ApiScenario>(StringComparer.Ordinal)
    {
        ["credit-decisions"] = new(
            "credit-decisions",
            "POST /v1/credit-loans/decisions, merchants cycled, amounts 500..5,400, terms 3/6/12",
            "SELECT count(*) FROM decisions WHERE product = 'credit'",
            CreditDecision),
        ["health"] = new(
            "health",
            "GET /health (no database, no key): the cost of HTTP, the host and the generator alone",
            null,
            (_, _, _) => new HttpRequestMessage(HttpMethod.Get, "/health")),
    };

    /// <summary>Request i: merchant i mod n, an amount and term that vary so outcomes mix (approve at or below the line, counter-offers, declines).</summary>
    private static HttpRequestMessage CreditDecision(ApiBenchTarget target, string run, long i)
    {
        var merchant = target.MerchantIds[(int)(i % target.MerchantIds.Count)];
        var amount = 500 + (i * 37 % 50) * 100;
        var term = Terms[(int)(i / target.MerchantIds.Count % Terms.Length)];
        var body = string.Create(CultureInfo.InvariantCulture, $$"""{"merchantId":"{{merchant}}","requestedAmount":{{amount}},"termMonths":{{term}}}""");
        return Post(target, run, i, "/v1/credit-loans/decisions", body);
    }

    private static HttpRequestMessage Post(ApiBenchTarget target, string run, long i, string path, string json)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new ByteArrayContent(Encoding.UTF8.GetBytes(json)) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        request.Headers.Add("X-Api-Key", target.ApiKey);
        request.Headers.Add("Idempotency-Key", string.Create(CultureInfo.InvariantCulture, $"{run}-{i}"));
        return request;
    }
}
