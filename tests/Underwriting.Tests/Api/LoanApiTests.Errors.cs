using System.Net;
using Microcredit.Scoring.Storage;
using Microcredit.Tests;

namespace Microcredit.Underwriting.Tests.Api;

/// <summary>Malformed requests to the loans endpoints: 400 naming the field, and nothing written.</summary>
public partial class LoanApiTests
{
    [Theory, Engines]
    public async Task Bad_requests_name_their_field_and_write_nothing(DatabaseEngine engine)
    {
        await using var world = await ApiWorld.CreateAsync(engine);
        var loanId = (string)(await ApiWorld.JsonAsync(await world.PostAsync(Loans, new { decisionId = await DecideCreditAsync(world, ApiWorld.Good, 1000m, 3) })))["loanId"]!;
        var before = await CountsAsync(world);
        var repayments = $"{Loans}/{loanId}/repayments";
        var cases = new (string Path, string Body, string Field)[]
        {
            (Loans, "{\"decisionId\": ", "body"),
            (Loans, "[]", "body"),
            (Loans, "{}", "decisionId"),
            (Loans, "{\"decisionId\": \"  \"}", "decisionId"),
            (Loans, "{\"decisionId\": 7}", "decisionId"),
            (Loans, "{\"decisionId\": \"dec_X\", \"amount\": 5}", "amount"),
            (repayments, "{\"amount\": 10.001}", "amount"),
            (repayments, "{\"amount\": \"10\"}", "amount"),
            (repayments, "{\"amount\": 0}", "amount"),
            (repayments, "{\"amount\": -5}", "amount"),
            (repayments, "{}", "amount"),
            (repayments, "{\"amount\": 10, \"currency\": \"CNY\"}", "currency"),
            (repayments, "{\"amount\": 10", "body"),
        };

        foreach (var (path, body, field) in cases)
        {
            var response = await world.PostAsync(path, body);
            var problem = await ApiWorld.JsonAsync(response);
            Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{body}: {problem}");
            Assert.True((string?)problem["field"] == field, $"{body}: {problem}");
        }

        foreach (var date in new[] { "2026-13-01", "20261110", "tomorrow", "2026-11-10T00:00:00Z", "" })
        {
            var response = await world.Client.GetAsync(new Uri($"{Loans}/{loanId}/payoff?date={date}", UriKind.Relative));
            Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"date={date}: {response.StatusCode}");
            Assert.Equal("date", (string?)(await ApiWorld.JsonAsync(response))["field"]);
        }

        Assert.Equal(before, await CountsAsync(world));
    }
}
