using System.Net;
using System.Text.Json.Nodes;
using Dapper;
using Microcredit.Scoring.Money;
using Microcredit.Scoring.Storage;
using Microcredit.Tests;
using Microcredit.Underwriting.Auth;
using Microcredit.Underwriting.Reviewing;

namespace Microcredit.Underwriting.Tests.Api;

/// <summary>
/// The loans endpoints on a running service. The world starts 2026-11-02T10:00Z; grade A (M_GOOD)
/// prices at 0.0005 a day, grade R (M_MID, referred to review) at 0.0009.
/// </summary>
public partial class LoanApiTests
{
    private const string Credit = "/v1/credit-loans/decisions";
    private const string Orders = "/v1/order-loans/decisions";
    private const string Loans = "/v1/loans";

    private static DateTimeOffset T(string instant) => DateTimeOffset.Parse(instant, System.Globalization.CultureInfo.InvariantCulture);

    [Theory, Engines]
    public async Task A_credit_loan_lives_through_draw_down_partial_late_and_closing_payments(DatabaseEngine engine)
    {
        await using var world = await ApiWorld.CreateAsync(engine);
        var decisionId = await DecideCreditAsync(world, ApiWorld.Good, 1000m, 3);

        // 1,000.00 over 3 months from 2026-11-02 at 0.0005 a day: principal 1,000 / 3 = 333.33 twice, the last 333.34.
        // #1 due 2026-12-02, 30 days on 1,000.00: 15.00. #2 due 2027-01-02, 31 days on 666.67: 10.333385 → 10.33.
        // #3 due 2027-02-02, 31 days on 333.34: 5.16677 → 5.17. Interest 30.50.
        var drawn = await world.PostAsync(Loans, new { decisionId }, "draw-1");
        Assert.Equal(HttpStatusCode.Created, drawn.StatusCode);
        var loan = await ApiWorld.JsonAsync(drawn);
        var loanId = (string)loan["loanId"]!;
        Assert.StartsWith("loan_", loanId, StringComparison.Ordinal);
        Assert.Equal(26, loanId.Length - "loan_".Length);
        Assert.Equal((decisionId, ApiWorld.Good, "credit"), ((string)loan["decisionId"]!, (string)loan["merchantId"]!, (string)loan["product"]!));
        Assert.Equal((1000m, 0.0005m, 0.1825m), ((decimal)loan["principal"]!, (decimal)loan["dailyRate"]!, (decimal)loan["apr"]!));
        Assert.Equal(("1000.00", "15.00"), (loan["principal"]!.ToJsonString(), loan["schedule"]![0]!["interest"]!.ToJsonString()));
        Assert.Equal(3, (int)loan["termMonths"]!);
        Assert.Null(loan["termDays"]);
        Assert.Equal(ApiWorld.Start, (DateTimeOffset)loan["disbursedAt"]!);
        Assert.Equal("2027-02-02", (string?)loan["maturityDate"]);
        Assert.Equal(30.50m, (decimal)loan["totalInterest"]!);
        Assert.Equal(
            [(1, "2026-12-02", 333.33m, 15.00m), (2, "2027-01-02", 333.33m, 10.33m), (3, "2027-02-02", 333.34m, 5.17m)],
            loan["schedule"]!.AsArray().Select(i => ((int)i!["seq"]!, (string)i["dueDate"]!, (decimal)i["principal"]!, (decimal)i["interest"]!)));
        Assert.Empty(loan["pledges"]!.AsArray());
        Assert.Equal(1, await world.CountAsync("audit_events WHERE action = 'loan.drawdown'"));

        // The same key and body replay the loan; another key for the drawn decision is a conflict naming it.
        var replay = await world.PostAsync(Loans, new { decisionId }, "draw-1");
        var again = await world.PostAsync(Loans, new { decisionId }, "draw-2");
        Assert.Equal(HttpStatusCode.Created, replay.StatusCode);
        Assert.Equal(loan.ToJsonString(), (await ApiWorld.JsonAsync(replay)).ToJsonString());
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        var conflict = await ApiWorld.JsonAsync(again);
        Assert.Equal(("decisionId", loanId), ((string?)conflict["field"], (string?)conflict["loanId"]));
        Assert.Equal(1, await world.CountAsync("loans WHERE origin = 'platform' AND decision_id IS NOT NULL"));
        Assert.Equal(3, await world.CountAsync($"installments WHERE loan_id = '{loanId}'"));

        // A date before the disbursement quotes the principal alone (docs/loans.md, "Payoff").
        Assert.Equal((1000m, 0m, 0m, 1000m), await PayoffAsync(world, loanId, "2026-11-01"));

        // Nov 20, nothing paid: 18 days into period 1, payoff 1,000.00 + 0.0005 × 1,000 × 18 = 1,009.00.
        world.Clock.Set(T("2026-11-20T10:00:00Z"));
        Assert.Equal((1000m, 9.00m, 0m, 1009.00m), await PayoffAsync(world, loanId, "2026-11-20"));

        // 100.00 paid ahead: #1's interest 15.00 first, then 85.00 of its principal.
        var first = await RepayAsync(world, loanId, 100m);
        Assert.Equal(T("2026-11-20T10:00:00Z"), (DateTimeOffset)first["paidAt"]!);
        Assert.Equal(1009.00m, (decimal)first["payoffBefore"]!);
        Assert.Equal([(1, 0m, 15.00m, 85.00m)], Allocation(first));
        Assert.Equal(("current", 0), ((string)first["status"]!, (int)first["daysPastDue"]!));
        Assert.Equal(915.00m, (decimal)first["totals"]!["principalOutstanding"]!);
        // Interest paid ahead is not given back: period 1's accrued 9.00 is below the 15.00 paid, so the payoff is principal alone.
        Assert.Equal((915.00m, 0m, 0m, 915.00m), await PayoffAsync(world, loanId, "2026-11-20"));

        // Dec 12, no payment since: #1 (due Dec 2) still owes 248.33 principal, 10 days past due;
        // penalty 1.5 × 0.0005 × 248.33 × 10 = 1.862475 → 1.86, so 250.19 is due now.
        world.Clock.Set(T("2026-12-12T10:00:00Z"));
        var late = await StatementAsync(world, loanId);
        Assert.Equal(("late", 10), ((string)late["status"]!, (int)late["daysPastDue"]!));
        Assert.Equal(T("2026-12-12T10:00:00Z"), (DateTimeOffset)late["asOf"]!);
        var one = late["schedule"]![0]!;
        Assert.Equal((333.33m, 15.00m, 1.86m), ((decimal)one["principalDue"]!, (decimal)one["interestDue"]!, (decimal)one["penaltyDue"]!));
        Assert.Equal((85.00m, 15.00m, 0m), ((decimal)one["principalPaid"]!, (decimal)one["interestPaid"]!, (decimal)one["penaltyPaid"]!));
        Assert.Equal((250.19m, 10), ((decimal)one["outstanding"]!, (int)one["daysPastDue"]!));
        Assert.Equal(0, (int)late["schedule"]![1]!["daysPastDue"]!);
        Assert.Equal((915.00m, 30.50m - 15.00m, 1.86m, 250.19m, 100m), Totals(late));
        Assert.Equal([(T("2026-11-20T10:00:00Z"), 100m)], late["payments"]!.AsArray().Select(p => ((DateTimeOffset)p!["paidAt"]!, (decimal)p["amount"]!)));

        // Payoff on Dec 12 (after #1's due date): principal 915.00; #1's interest is paid; period 2 accrued
        // 0.0005 × 666.67 × 10 days = 3.33335 → 3.33; penalty 1.86: 920.19.
        Assert.Equal((915.00m, 3.33m, 1.86m, 920.19m), await PayoffAsync(world, loanId, "2026-12-12"));

        // A late 300.00: #1 first (penalty 1.86, principal 248.33 = 250.19), then #2: interest 10.33, principal 49.81 − 10.33 = 39.48.
        var second = await RepayAsync(world, loanId, 300m);
        Assert.Equal([(1, 1.86m, 0m, 248.33m), (2, 0m, 10.33m, 39.48m)], Allocation(second));
        Assert.Equal(("current", 0), ((string)second["status"]!, (int)second["daysPastDue"]!));
        // Principal left: 293.85 of #2 and 333.34 of #3 = 627.19.
        Assert.Equal(627.19m, (decimal)second["totals"]!["principalOutstanding"]!);

        // Jan 10 (after #2's due date Jan 2): #2's interest is paid; period 3 accrued 0.0005 × 333.34 × 8 = 1.33336 → 1.33;
        // #2's 293.85 is 8 days late: 0.00075 × 293.85 × 8 = 1.7631 → 1.76. 627.19 + 1.33 + 1.76 = 630.28.
        Assert.Equal((627.19m, 1.33m, 1.76m, 630.28m), await PayoffAsync(world, loanId, "2027-01-10"));

        // Dec 20: period 2 accrued 0.0005 × 666.67 × 18 = 6.00003 → 6.00, below the 10.33 paid: the payoff is 627.19.
        world.Clock.Set(T("2026-12-20T10:00:00Z"));
        Assert.Equal((627.19m, 0m, 0m, 627.19m), await PayoffAsync(world, loanId, null));
        var over = await world.PostAsync($"{Loans}/{loanId}/repayments", new { amount = 627.20m });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, over.StatusCode);
        var overBody = await ApiWorld.JsonAsync(over);
        Assert.Equal(("amount", 627.19m), ((string?)overBody["field"], (decimal)overBody["payoff"]!));

        var closing = await RepayAsync(world, loanId, 627.19m);
        Assert.Equal([(2, 0m, 0m, 293.85m), (3, 0m, 0m, 333.34m)], Allocation(closing));
        Assert.Equal("repaid", (string)closing["status"]!);
        // #3's 5.17 interest had not accrued: waived; #2 keeps the 10.33 paid ahead.
        Assert.Equal((10.33m, 0m), ((decimal)closing["schedule"]![1]!["interestDue"]!, (decimal)closing["schedule"]![1]!["interestWaived"]!));
        Assert.Equal((0m, 5.17m), ((decimal)closing["schedule"]![2]!["interestDue"]!, (decimal)closing["schedule"]![2]!["interestWaived"]!));
        Assert.Equal((0m, 0m, 0m, 0m, 1027.19m), Totals(closing));

        var further = await world.PostAsync($"{Loans}/{loanId}/repayments", new { amount = 1m });
        Assert.Equal(HttpStatusCode.Conflict, further.StatusCode);
        Assert.Equal("loanId", (string?)(await ApiWorld.JsonAsync(further))["field"]);
        Assert.Equal((0m, 0m, 0m, 0m), await PayoffAsync(world, loanId, "2026-12-21"));

        var repaid = await StatementAsync(world, loanId);
        Assert.Equal(("repaid", 0), ((string)repaid["status"]!, (int)repaid["daysPastDue"]!));
        Assert.Equal([100m, 300m, 627.19m], repaid["payments"]!.AsArray().Select(p => (decimal)p!["amount"]!));
        await using var connection = await world.Database.Database.OpenAsync();
        // The waiver is written back to the schedule the features and labels read.
        Assert.Equal([1_500L, 1_033, 0], await connection.QueryAsync<long>($"SELECT interest_due FROM installments WHERE loan_id = '{loanId}' ORDER BY seq"));
        Assert.Equal(3, await world.CountAsync($"repayments WHERE loan_id = '{loanId}'"));
        Assert.Equal(3, await world.CountAsync($"audit_events WHERE action = 'loan.repayment' AND subject = '{loanId}'"));
    }

    [Theory, Engines]
    public async Task A_repayment_replays_for_its_key_and_is_recorded_once(DatabaseEngine engine)
    {
        await using var world = await ApiWorld.CreateAsync(engine);
        var loanId = (string)(await ApiWorld.JsonAsync(await world.PostAsync(Loans, new { decisionId = await DecideCreditAsync(world, ApiWorld.Good, 1000m, 3) })))["loanId"]!;
        world.Clock.Set(T("2026-11-20T10:00:00Z"));

        var first = await world.PostAsync($"{Loans}/{loanId}/repayments", new { amount = 50m }, "pay-1");
        world.Clock.Advance(TimeSpan.FromMinutes(1));
        var retry = await world.PostAsync($"{Loans}/{loanId}/repayments", new { amount = 50m }, "pay-1");

        Assert.Equal(HttpStatusCode.Created, retry.StatusCode);
        Assert.Equal(await first.Content.ReadAsStringAsync(), await retry.Content.ReadAsStringAsync());
        Assert.Equal("true", retry.Headers.GetValues("Idempotent-Replayed").Single());
        Assert.Equal(1, await world.CountAsync($"repayments WHERE loan_id = '{loanId}'"));
    }

    [Theory, Engines]
    public async Task A_review_decision_draws_down_only_once_an_officer_approves_it_at_the_reviewed_amount(DatabaseEngine engine)
    {
        await using var world = await ApiWorld.CreateAsync(engine);
        var approved = await DecideCreditAsync(world, ApiWorld.Middling, 800m, 3);
        var declined = await DecideCreditAsync(world, ApiWorld.Middling, 800m, 3);

        var pending = await world.PostAsync(Loans, new { decisionId = approved });
        Assert.Equal(HttpStatusCode.Conflict, pending.StatusCode);
        Assert.Equal("decisionId", (string?)(await ApiWorld.JsonAsync(pending))["field"]);

        await using (var connection = await world.Database.Database.OpenAsync())
        await using (var transaction = await connection.BeginTransactionAsync())
        {
            var officer = new ReviewActor("officer-1", "officer", new Money(50_000m));
            Assert.True((await Reviews.ActAsync(connection, transaction, new ReviewCommand(approved, 0, ReviewActions.Approve, null, new Money(600m), "verified GMV"), officer, world.Clock.GetUtcNow(), CancellationToken.None)).Recorded);
            Assert.True((await Reviews.ActAsync(connection, transaction, new ReviewCommand(declined, 0, ReviewActions.Decline, null, null, "suspicious"), officer, world.Clock.GetUtcNow(), CancellationToken.None)).Recorded);
            await transaction.CommitAsync();
        }

        var drawn = await world.PostAsync(Loans, new { decisionId = approved });
        var refused = await world.PostAsync(Loans, new { decisionId = declined });

        // The reviewed 600.00 at grade R's 0.0009: 200.00 a month; #1 0.0009 × 600 × 30 = 16.20,
        // #2 0.0009 × 400 × 31 = 11.16, #3 0.0009 × 200 × 31 = 5.58.
        Assert.Equal(HttpStatusCode.Created, drawn.StatusCode);
        var loan = await ApiWorld.JsonAsync(drawn);
        Assert.Equal((600m, 0.0009m), ((decimal)loan["principal"]!, (decimal)loan["dailyRate"]!));
        Assert.Equal(
            [(200m, 16.20m), (200m, 11.16m), (200m, 5.58m)],
            loan["schedule"]!.AsArray().Select(i => ((decimal)i!["principal"]!, (decimal)i["interest"]!)));
        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
        Assert.Equal("decisionId", (string?)(await ApiWorld.JsonAsync(refused))["field"]);
        Assert.Equal(1, await world.CountAsync("loans WHERE decision_id IS NOT NULL"));
    }

    [Theory, Engines]
    public async Task Declined_and_expired_decisions_are_not_drawn_down(DatabaseEngine engine)
    {
        await using var world = await ApiWorld.CreateAsync(engine);
        var declined = await DecideCreditAsync(world, ApiWorld.Poor, 800m, 3);
        var lastMoment = await DecideCreditAsync(world, ApiWorld.Good, 500m, 3);
        var expiring = await DecideCreditAsync(world, ApiWorld.Good, 500m, 3);

        var poor = await world.PostAsync(Loans, new { decisionId = declined });
        // Decisions expire 7 days after they were made: a millisecond before, a draw-down works; at the instant, not.
        world.Clock.Set(ApiWorld.Start.AddDays(7).AddMilliseconds(-1));
        var inTime = await world.PostAsync(Loans, new { decisionId = lastMoment });
        world.Clock.Set(ApiWorld.Start.AddDays(7));
        var atExpiry = await world.PostAsync(Loans, new { decisionId = expiring });
        world.Clock.Set(ApiWorld.Start.AddDays(8));
        var later = await world.PostAsync(Loans, new { decisionId = expiring });

        Assert.Equal(HttpStatusCode.Conflict, poor.StatusCode);
        Assert.Equal(HttpStatusCode.Created, inTime.StatusCode);
        foreach (var response in new[] { poor, atExpiry, later })
        {
            Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
            Assert.Equal("decisionId", (string?)(await ApiWorld.JsonAsync(response))["field"]);
        }

        Assert.Contains("expired", (string?)(await ApiWorld.JsonAsync(later))["detail"], StringComparison.Ordinal);
        Assert.Equal(1, await world.CountAsync("loans WHERE decision_id IS NOT NULL"));
    }

    [Theory, Engines]
    public async Task Unknown_ids_are_404_and_another_merchants_decision_or_loan_is_403(DatabaseEngine engine)
    {
        await using var world = await ApiWorld.CreateAsync(engine);
        string strangerKey;
        await using (var connection = await world.Database.Database.OpenAsync())
        await using (var transaction = await connection.BeginTransactionAsync())
        {
            (_, strangerKey) = await ApiKeys.CreateAsync(connection, transaction, "stranger-app", [ApiWorld.Stranger], ApiKeys.DefaultRequestsPerMinute, ApiWorld.Start);
            await transaction.CommitAsync();
        }

        using var stranger = world.Factory.CreateClient();
        stranger.DefaultRequestHeaders.Add(ApiKeyAuthentication.Header, strangerKey);
        var decision = await ApiWorld.JsonAsync(await world.PostAsync(Credit, new { merchantId = ApiWorld.Stranger, requestedAmount = 500m, termMonths = 3 }, client: stranger));
        var theirs = await world.PostAsync(Loans, new { decisionId = (string)decision["decisionId"]! });
        var loan = await ApiWorld.JsonAsync(await world.PostAsync(Loans, new { decisionId = (string)decision["decisionId"]! }, client: stranger));
        var loanId = (string)loan["loanId"]!;

        Assert.Equal(HttpStatusCode.Forbidden, theirs.StatusCode);
        Assert.Equal("decisionId", (string?)(await ApiWorld.JsonAsync(theirs))["field"]);
        Assert.Equal(HttpStatusCode.Forbidden, (await world.Client.GetAsync(new Uri($"{Loans}/{loanId}", UriKind.Relative))).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await world.Client.GetAsync(new Uri($"{Loans}/{loanId}/payoff", UriKind.Relative))).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await world.PostAsync($"{Loans}/{loanId}/repayments", new { amount = 10m })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await stranger.GetAsync(new Uri($"{Loans}/{loanId}", UriKind.Relative))).StatusCode);

        var unknownDecision = await world.PostAsync(Loans, new { decisionId = "dec_NONE" });
        Assert.Equal(HttpStatusCode.NotFound, unknownDecision.StatusCode);
        Assert.Equal("decisionId", (string?)(await ApiWorld.JsonAsync(unknownDecision))["field"]);
        // L_OWES is an imported loan of a merchant the key acts for: not served here.
        foreach (var id in new[] { "loan_NONE", "L_OWES" })
        {
            var read = await world.Client.GetAsync(new Uri($"{Loans}/{id}", UriKind.Relative));
            Assert.Equal(HttpStatusCode.NotFound, read.StatusCode);
            Assert.Equal("loanId", (string?)(await ApiWorld.JsonAsync(read))["field"]);
            Assert.Equal(HttpStatusCode.NotFound, (await world.Client.GetAsync(new Uri($"{Loans}/{id}/payoff?date=2026-11-10", UriKind.Relative))).StatusCode);
            Assert.Equal(HttpStatusCode.NotFound, (await world.PostAsync($"{Loans}/{id}/repayments", new { amount = 10m })).StatusCode);
        }

        Assert.Equal(0, await world.CountAsync("repayments"));
    }

    [Theory, Engines]
    public async Task Concurrent_draw_downs_of_one_decision_make_one_loan(DatabaseEngine engine)
    {
        await using var world = await ApiWorld.CreateAsync(engine);
        var decisionId = await DecideCreditAsync(world, ApiWorld.Good, 1000m, 3);

        // Different keys: each is a new request; the unique loans.decision_id lets one through.
        var responses = await Task.WhenAll(Enumerable.Range(0, 6).Select(i => world.PostAsync(Loans, new { decisionId }, $"race-{i}")));

        Assert.Single(responses, r => r.StatusCode == HttpStatusCode.Created);
        Assert.Equal(5, responses.Count(r => r.StatusCode == HttpStatusCode.Conflict));
        Assert.Equal(1, await world.CountAsync("loans WHERE decision_id IS NOT NULL"));
        Assert.Equal(3, await world.CountAsync("installments i JOIN loans l ON l.loan_id = i.loan_id WHERE l.decision_id IS NOT NULL"));
        Assert.Equal(1, await world.CountAsync("audit_events WHERE action = 'loan.drawdown'"));
    }

    [Fact]
    public async Task The_OpenAPI_document_lists_the_loans_endpoints()
    {
        await using var world = await ApiWorld.CreateAsync(DatabaseEngine.Sqlite);

        var document = await ApiWorld.JsonAsync(await world.Factory.CreateClient().GetAsync(new Uri("/openapi/v1.json", UriKind.Relative)));

        var paths = document["paths"]!.AsObject();
        Assert.Equal("DrawDownLoan", (string?)paths["/v1/loans"]!["post"]!["operationId"]);
        Assert.Equal("GetLoan", (string?)paths["/v1/loans/{loanId}"]!["get"]!["operationId"]);
        Assert.Equal("GetLoanPayoff", (string?)paths["/v1/loans/{loanId}/payoff"]!["get"]!["operationId"]);
        Assert.Equal("RepayLoan", (string?)paths["/v1/loans/{loanId}/repayments"]!["post"]!["operationId"]);
        Assert.NotNull(paths["/v1/loans"]!["post"]!["responses"]!["409"]);
    }

    private static async Task<string> DecideCreditAsync(ApiWorld world, string merchantId, decimal amount, int termMonths)
    {
        var response = await world.PostAsync(Credit, new { merchantId, requestedAmount = amount, termMonths });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (string)(await ApiWorld.JsonAsync(response))["decisionId"]!;
    }

    private static async Task<JsonObject> RepayAsync(ApiWorld world, string loanId, decimal amount)
    {
        var response = await world.PostAsync($"{Loans}/{loanId}/repayments", new { amount });
        var body = await ApiWorld.JsonAsync(response);
        Assert.True(response.StatusCode == HttpStatusCode.Created, body.ToJsonString());
        Assert.Equal(amount, (decimal)body["amount"]!);
        return body;
    }

    private static async Task<JsonObject> StatementAsync(ApiWorld world, string loanId)
    {
        var response = await world.Client.GetAsync(new Uri($"{Loans}/{loanId}", UriKind.Relative));
        var body = await ApiWorld.JsonAsync(response);
        Assert.True(response.StatusCode == HttpStatusCode.OK, body.ToJsonString());
        return body;
    }

    private static async Task<(decimal Principal, decimal Interest, decimal Penalty, decimal Total)> PayoffAsync(ApiWorld world, string loanId, string? date)
    {
        var response = await world.Client.GetAsync(new Uri($"{Loans}/{loanId}/payoff{(date is null ? "" : $"?date={date}")}", UriKind.Relative));
        var body = await ApiWorld.JsonAsync(response);
        Assert.True(response.StatusCode == HttpStatusCode.OK, body.ToJsonString());
        Assert.Equal(date ?? DbTime.ToDb(DateOnly.FromDateTime(world.Clock.GetUtcNow().UtcDateTime)), (string?)body["date"]);
        return ((decimal)body["principal"]!, (decimal)body["interest"]!, (decimal)body["penalty"]!, (decimal)body["total"]!);
    }

    private static IEnumerable<(int Seq, decimal Penalty, decimal Interest, decimal Principal)> Allocation(JsonObject repayment) =>
        repayment["allocation"]!.AsArray().Select(a => ((int)a!["seq"]!, (decimal)a["penalty"]!, (decimal)a["interest"]!, (decimal)a["principal"]!));

    /// <summary>Principal, interest and penalty outstanding, due now, and total paid.</summary>
    private static (decimal, decimal, decimal, decimal, decimal) Totals(JsonObject loan)
    {
        var totals = loan["totals"]!;
        return ((decimal)totals["principalOutstanding"]!, (decimal)totals["interestOutstanding"]!, (decimal)totals["penaltyOutstanding"]!, (decimal)totals["dueNow"]!, (decimal)totals["totalPaid"]!);
    }
}
