using System.Net;
using System.Text.Json.Nodes;
using Microcredit.Scoring.Import;
using Microcredit.Scoring.Storage;
using Microcredit.Tests;

namespace Microcredit.Underwriting.Tests.Api;

/// <summary>Order loans: draw-down pledges the decision's eligible orders; the import path repays them as they settle.</summary>
public partial class LoanApiTests
{
    private const string OrdersHeader = "order_id,merchant_id,buyer_id,amount,created_at,shipped_at,settled_at,refunded_at,refund_amount,disputed_at";

    private static readonly string[] FirstPendingOrder = ["O_PENDING_1"];

    [Theory, Engines]
    public async Task An_order_loan_pledges_its_orders_collects_a_settlement_and_is_left_short_by_a_refund(DatabaseEngine engine)
    {
        await using var world = await ApiWorld.CreateAsync(engine);
        var decision = await ApiWorld.JsonAsync(await world.PostAsync(Orders, new { merchantId = ApiWorld.Good }));
        var advances = decision["orders"]!.AsArray().ToDictionary(o => (string)o!["orderId"]!, o => (decimal)o!["advanceAmount"]!);
        Assert.Equal(["O_PENDING_1", "O_PENDING_2"], advances.Keys.Order(StringComparer.Ordinal));

        var drawn = await world.PostAsync(Loans, new { decisionId = (string)decision["decisionId"]! });

        // Principal = the two advances; one installment 30 days after 2026-11-02, interest 0.0005 × P × 30 to the cent.
        Assert.Equal(HttpStatusCode.Created, drawn.StatusCode);
        var loan = await ApiWorld.JsonAsync(drawn);
        var loanId = (string)loan["loanId"]!;
        var principal = advances["O_PENDING_1"] + advances["O_PENDING_2"];
        var interest = decimal.Round(0.0005m * principal * 30m, 2, MidpointRounding.AwayFromZero);
        Assert.Equal(("order", principal, 30), ((string)loan["product"]!, (decimal)loan["principal"]!, (int)loan["termDays"]!));
        Assert.Null(loan["termMonths"]);
        Assert.Equal("2026-12-02", (string?)loan["maturityDate"]);
        Assert.Equal([(1, "2026-12-02", principal, interest)], loan["schedule"]!.AsArray().Select(i => ((int)i!["seq"]!, (string)i["dueDate"]!, (decimal)i["principal"]!, (decimal)i["interest"]!)));
        Assert.Equal(
            [("O_PENDING_1", 200.00m, advances["O_PENDING_1"]), ("O_PENDING_2", 350.50m, advances["O_PENDING_2"])],
            loan["pledges"]!.AsArray().Select(p => ((string)p!["orderId"]!, (decimal)p["orderAmount"]!, (decimal)p["advanceAmount"]!)));
        Assert.Equal(2, await world.CountAsync($"loan_pledges WHERE loan_id = '{loanId}'"));

        // O_PENDING_1 (200.00) settles Nov 10: the payoff then (P plus 8 days' interest) is above 200.00, so all of it
        // is collected: the installment's interest first, the rest principal.
        await ImportOrdersAsync(world, "O_PENDING_1,M_GOOD,B1,200.00,2026-10-27T10:00:00Z,2026-10-28T10:00:00Z,2026-11-10T00:00:00Z,,,");
        world.Clock.Set(T("2026-11-12T10:00:00Z"));
        var collected = await StatementAsync(world, loanId);
        Assert.Equal([(T("2026-11-10T00:00:00Z"), 200.00m)], collected["payments"]!.AsArray().Select(p => ((DateTimeOffset)p!["paidAt"]!, (decimal)p["amount"]!)));
        var installment = collected["schedule"]![0]!;
        Assert.Equal((interest, 200.00m - interest), ((decimal)installment["interestPaid"]!, (decimal)installment["principalPaid"]!));
        Assert.Equal(("current", 0), ((string)collected["status"]!, (int)collected["daysPastDue"]!));
        var pledges = Pledges(collected);
        Assert.Equal((T("2026-11-10T00:00:00Z"), 200.00m), pledges["O_PENDING_1"]);
        Assert.Equal((null, null), pledges["O_PENDING_2"]);

        // O_PENDING_2 is refunded in full Nov 15: it collects nothing. On Dec 7 the rest of the principal,
        // R = P − (200.00 − interest), is 5 days past the Dec 2 due date, with penalty 0.00075 × R × 5.
        await ImportOrdersAsync(world, "O_PENDING_2,M_GOOD,B2,350.50,2026-10-29T10:00:00Z,2026-10-30T10:00:00Z,,2026-11-15T00:00:00Z,350.50,");
        world.Clock.Set(T("2026-12-07T10:00:00Z"));
        var shortfall = await StatementAsync(world, loanId);
        var rest = principal - (200.00m - interest);
        var penalty = decimal.Round(0.00075m * rest * 5m, 2, MidpointRounding.AwayFromZero);
        Assert.Equal(("late", 5), ((string)shortfall["status"]!, (int)shortfall["daysPastDue"]!));
        Assert.Equal((rest, 0m, penalty, rest + penalty, 200.00m), Totals(shortfall));
        Assert.Equal((T("2026-11-15T00:00:00Z"), 0m), Pledges(shortfall)["O_PENDING_2"]);
        Assert.Single(shortfall["payments"]!.AsArray());

        // The merchant pays the shortfall through the API: the loan is repaid.
        var paid = await RepayAsync(world, loanId, rest + penalty);
        Assert.Equal([(1, penalty, 0m, rest)], Allocation(paid));
        Assert.Equal("repaid", (string)paid["status"]!);
    }

    [Theory, Engines]
    public async Task An_order_pledged_since_the_decision_refuses_the_draw_down_naming_it(DatabaseEngine engine)
    {
        await using var world = await ApiWorld.CreateAsync(engine);
        var both = (string)(await ApiWorld.JsonAsync(await world.PostAsync(Orders, new { merchantId = ApiWorld.Good })))["decisionId"]!;
        var first = (string)(await ApiWorld.JsonAsync(await world.PostAsync(Orders, new { merchantId = ApiWorld.Good, orderIds = FirstPendingOrder })))["decisionId"]!;
        Assert.Equal(HttpStatusCode.Created, (await world.PostAsync(Loans, new { decisionId = both })).StatusCode);
        var before = await CountsAsync(world);

        var refused = await world.PostAsync(Loans, new { decisionId = first });

        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
        var problem = await ApiWorld.JsonAsync(refused);
        Assert.Equal(("decisionId", "O_PENDING_1"), ((string?)problem["field"], (string?)problem["orderId"]));
        Assert.Equal(before, await CountsAsync(world));
    }

    /// <summary>Imports an orders.csv of these rows (the merchant is in the database already) through the import path, as <c>credit import</c> does.</summary>
    private static async Task ImportOrdersAsync(ApiWorld world, params string[] rows)
    {
        var folder = Path.Combine(Path.GetTempPath(), "microcredit-tests", "import-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        try
        {
            await File.WriteAllTextAsync(Path.Combine(folder, "orders.csv"), string.Join('\n', [OrdersHeader, .. rows]) + "\n");
            var result = await new Importer(world.Database.Database, world.Clock).ImportAsync(folder);
            Assert.True(result.Succeeded, string.Join("; ", result.Errors));
            Assert.Equal(1L, result.PledgesResolved);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    private static Dictionary<string, (DateTimeOffset? CollectedAt, decimal? Collected)> Pledges(JsonObject statement) =>
        statement["pledges"]!.AsArray().ToDictionary(
            p => (string)p!["orderId"]!,
            p => (p!["collectedAt"] is { } at ? (DateTimeOffset?)at : null, p["collected"] is { } amount ? (decimal?)amount : null));

    private static async Task<List<long>> CountsAsync(ApiWorld world)
    {
        var counts = new List<long>();
        foreach (var table in new[] { "loans", "installments", "loan_pledges", "repayments", "audit_events", "idempotency_keys" })
        {
            counts.Add(await world.CountAsync(table));
        }

        return counts;
    }
}
