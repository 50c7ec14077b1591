using System.Net;
using Microcredit.Scoring.Storage;
using Microcredit.Tests;

namespace Microcredit.Underwriting.Tests.Api;

public class CreditDecisionApiTests
{
    private const string Path = "/v1/credit-loans/decisions";

    [Theory, Engines]
    public async Task Good_merchant_is_approved_at_the_requested_amount_with_the_grade_price(DatabaseEngine engine)
    {
        await using var world = await ApiWorld.CreateAsync(engine);

        var response = await world.PostAsync(Path, new { merchantId = ApiWorld.Good, requestedAmount = 1000.00m, termMonths = 6 });

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var body = await ApiWorld.JsonAsync(response);
        Assert.Equal("approved", (string?)body["outcome"]);
        Assert.Equal(1000.00m, (decimal)body["approvedAmount"]!);
        Assert.False((bool)body["counterOffer"]!);
        Assert.Equal("A", (string?)body["riskGrade"]);
        Assert.Equal(0.0005m, (decimal)body["dailyRate"]!);
        Assert.Equal(0.1825m, (decimal)body["apr"]!);
        Assert.Equal(world.Scores[ApiWorld.Good], (double)body["score"]!, 9);
        // Line: net GMV 180d 58,200.00 / 6 = 9,700.00 a month, × 2 (grade A) × (1 − pd), down to a multiple of 100.
        var pd = (decimal)(double)body["pd"]!;
        Assert.Equal(decimal.Floor(9_700m * 2m * (1m - pd) / 100m) * 100m, (decimal)body["creditLimit"]!);
        Assert.Equal(world.ModelId, (string?)body["modelVersion"]);
        Assert.Equal("test-1", (string?)body["policyVersion"]);
        Assert.Equal(ApiWorld.Start, (DateTimeOffset)body["decidedAt"]!);
        Assert.Equal(ApiWorld.Start.AddDays(7), (DateTimeOffset)body["expiresAt"]!);
        Assert.Equal("2026-11-01", (string?)body["featureAsOf"]);
        Assert.StartsWith("dec_", (string?)body["decisionId"], StringComparison.Ordinal);
        Assert.Equal(1, await world.CountAsync("decisions"));
        Assert.Equal(1, await world.CountAsync("audit_events WHERE action = 'decision.credit'"));
    }

    [Theory, Engines]
    public async Task Request_above_the_line_is_approved_at_the_line_as_a_counter_offer(DatabaseEngine engine)
    {
        await using var world = await ApiWorld.CreateAsync(engine);

        var body = await ApiWorld.JsonAsync(await world.PostAsync(Path, new { merchantId = ApiWorld.Good, requestedAmount = 90_000m, termMonths = 12 }));

        Assert.Equal("approved", (string?)body["outcome"]);
        Assert.True((bool)body["counterOffer"]!);
        Assert.Equal(90_000m, (decimal)body["requestedAmount"]!);
        Assert.Equal((decimal)body["creditLimit"]!, (decimal)body["approvedAmount"]!);
        Assert.True((decimal)body["creditLimit"]! is > 0 and < 90_000m);
    }

    [Theory, Engines]
    public async Task Middling_score_is_referred_to_review_and_poor_score_is_declined_with_reasons(DatabaseEngine engine)
    {
        await using var world = await ApiWorld.CreateAsync(engine);

        var middling = await ApiWorld.JsonAsync(await world.PostAsync(Path, new { merchantId = ApiWorld.Middling, requestedAmount = 800m, termMonths = 3 }));
        var poor = await ApiWorld.JsonAsync(await world.PostAsync(Path, new { merchantId = ApiWorld.Poor, requestedAmount = 800m, termMonths = 3 }));

        Assert.Equal("review", (string?)middling["outcome"]);
        Assert.Equal("R", (string?)middling["riskGrade"]);
        Assert.Equal(800m, (decimal)middling["approvedAmount"]!);
        Assert.Equal("declined", (string?)poor["outcome"]);
        Assert.Equal("E", (string?)poor["riskGrade"]);
        Assert.Equal(0m, (decimal)poor["approvedAmount"]!);
        var reasons = poor["reasons"]!.AsArray();
        Assert.Equal("SCORE_BELOW_CUTOFF", (string?)reasons[0]!["code"]);
        Assert.Contains(reasons.Skip(1), r => (double)r!["impact"]! > 0 && ((string?)r["text"])!.Length > 0);
    }

    [Theory, Engines]
    public async Task Each_hard_rule_declines_with_its_reason(DatabaseEngine engine)
    {
        await using var world = await ApiWorld.CreateAsync(engine);
        var cases = new Dictionary<string, string>
        {
            [ApiWorld.NoKyc] = "KYC_NOT_VERIFIED",
            [ApiWorld.Newcomer] = "TENURE_TOO_SHORT",
            [ApiWorld.Idle] = "INACTIVE_30D",
            [ApiWorld.Late] = "LOAN_PAST_DUE",
            [ApiWorld.Blocked] = "BLOCKLISTED",
            [ApiWorld.NoSnapshot] = "NO_RECENT_DATA",
            [ApiWorld.Indebted] = "EXPOSURE_CAP",
        };

        foreach (var (merchant, code) in cases)
        {
            var response = await world.PostAsync(Path, new { merchantId = merchant, requestedAmount = 1000m, termMonths = 6 });
            var body = await ApiWorld.JsonAsync(response);
            Assert.Equal(HttpStatusCode.Created, response.StatusCode);
            Assert.True((string?)body["outcome"] == "declined", $"{merchant}: {body}");
            Assert.True(body["reasons"]!.AsArray().Any(r => (string?)r!["code"] == code), $"{merchant} should carry {code}: {body}");
            Assert.Equal(0m, (decimal)body["approvedAmount"]!);
        }

        Assert.Equal(cases.Count, await world.CountAsync("decisions WHERE outcome = 'declined'"));
    }

    [Theory, Engines]
    public async Task A_snapshot_older_than_the_policy_allows_is_no_recent_data(DatabaseEngine engine)
    {
        await using var world = await ApiWorld.CreateAsync(engine);
        // Snapshot as of 2026-11-01; the policy accepts 7 days: on 2026-11-09 it is 8 days old.
        world.Clock.Set(new DateTimeOffset(2026, 11, 9, 9, 0, 0, TimeSpan.Zero));

        var body = await ApiWorld.JsonAsync(await world.PostAsync(Path, new { merchantId = ApiWorld.Good, requestedAmount = 1000m, termMonths = 6 }));

        Assert.Equal("declined", (string?)body["outcome"]);
        Assert.Equal("NO_RECENT_DATA", (string?)body["reasons"]![0]!["code"]);
        Assert.Null(body["score"]);
    }
}
