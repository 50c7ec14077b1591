using System.Text.RegularExpressions;

namespace Microcredit.Scoring.Tests.Simulation;

/// <summary>Every rule of docs/data-format.md, checked on every row of the simulated sample.</summary>
[Collection(SampleGroup.Name)]
public partial class DataFormatRulesTests(SampleFixture fixture)
{
    private readonly SimulatedData data = fixture.Data;

    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$")]
    private static partial Regex TimestampFormat();

    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}$")]
    private static partial Regex DateFormat();

    [GeneratedRegex(@"^\d+\.\d{2}$")]
    private static partial Regex MoneyFormat();

    [GeneratedRegex(@"^\d+\.\d{6}$")]
    private static partial Regex RateFormat();

    private static readonly string[] Booleans = ["true", "false"];
    private static readonly string[] Products = ["credit", "order"];
    private static readonly int[] Terms = [3, 6, 12];

    private DateTimeOffset Cutoff => data.Options.Cutoff;

    [Fact]
    public void Headers_AreExactlyTheDocumentedColumns()
    {
        Assert.Equal(["merchant_id", "registered_at", "category", "region", "kyc_verified"], data.Merchants.Header);
        Assert.Equal(["order_id", "merchant_id", "buyer_id", "amount", "created_at", "shipped_at", "settled_at", "refunded_at", "refund_amount", "disputed_at"], data.Orders.Header);
        Assert.Equal(["loan_id", "merchant_id", "product", "principal", "daily_rate", "disbursed_at", "maturity_date"], data.Loans.Header);
        Assert.Equal(["loan_id", "seq", "due_date", "principal_due", "interest_due"], data.Installments.Header);
        Assert.Equal(["loan_id", "paid_at", "amount"], data.Repayments.Header);
        Assert.Equal(["loan_id", "order_id"], data.LoanOrders.Header);
        Assert.Equal(["loan_id", "true_pd"], data.Truth.Header);
    }

    [Fact]
    public void EveryFile_IsNonEmptyAndEveryRowHasItsColumns()
    {
        foreach (var table in new[] { data.Merchants, data.Orders, data.Loans, data.Installments, data.Repayments, data.LoanOrders, data.Truth, data.MerchantTruth })
        {
            Assert.NotEmpty(table.Rows);
            Assert.All(table.Rows, r => Assert.Equal(table.Header.Length, r.Length));
            Assert.All(table.Rows, r => Assert.DoesNotContain(r, f => f.Contains('"', StringComparison.Ordinal)));
        }

        Assert.Equal(data.Options.Merchants, data.Merchants.Rows.Count);
    }

    [Fact]
    public void Identifiers_AreNonEmptyAtMost64AndUnique()
    {
        AssertIds(data.Merchants, "merchant_id", unique: true);
        AssertIds(data.Orders, "order_id", unique: true);
        AssertIds(data.Orders, "buyer_id", unique: false);
        AssertIds(data.Loans, "loan_id", unique: true);
        AssertUnique(data.Installments.Rows.Select(r => (r[0], r[1])));
        AssertUnique(data.Repayments.Rows.Select(r => (r[0], r[1], r[2])));
        AssertUnique(data.LoanOrders.Rows.Select(r => (r[0], r[1])));
        AssertUnique(data.Truth.Rows.Select(r => r[0]));
    }

    [Fact]
    public void Merchants_HaveValidFields()
    {
        var t = data.Merchants;
        foreach (var r in t.Rows)
        {
            AssertTimestampBeforeCutoff(r[t["registered_at"]]);
            Assert.False(string.IsNullOrEmpty(r[t["category"]]));
            Assert.False(string.IsNullOrEmpty(r[t["region"]]));
            Assert.Contains(r[t["kyc_verified"]], Booleans);
        }
    }

    [Fact]
    public void Orders_FollowEveryOrderRule()
    {
        var t = data.Orders;
        var merchants = data.Merchants.Rows.ToDictionary(r => r[0], r => SimulatedData.Timestamp(r[1]), StringComparer.Ordinal);
        foreach (var r in t.Rows)
        {
            Assert.True(merchants.ContainsKey(r[t["merchant_id"]]), $"order {r[0]}: unknown merchant");
            var amount = AssertMoney(r[t["amount"]]);
            Assert.True(amount > 0, $"order {r[0]}: amount {amount}");
            var created = AssertTimestampBeforeCutoff(r[t["created_at"]]);
            Assert.True(created >= merchants[r[t["merchant_id"]]], $"order {r[0]} before its merchant registered");
            var shipped = Optional(r[t["shipped_at"]]);
            var settled = Optional(r[t["settled_at"]]);
            var refunded = Optional(r[t["refunded_at"]]);
            var disputed = Optional(r[t["disputed_at"]]);
            var refundAmount = r[t["refund_amount"]];

            if (shipped is { } s)
            {
                Assert.True(s >= created, $"order {r[0]}: shipped before created");
            }

            if (settled is { } st)
            {
                Assert.True(shipped is { } sh && st >= sh, $"order {r[0]}: settled without or before shipping");
            }

            if (refunded is { } rf)
            {
                Assert.True(rf >= created, $"order {r[0]}: refunded before created");
            }

            Assert.False(settled is not null && refunded is not null, $"order {r[0]}: both settled and refunded");
            Assert.Equal(refunded is not null, refundAmount.Length > 0);
            if (refundAmount.Length > 0)
            {
                var refund = AssertMoney(refundAmount);
                Assert.True(refund > 0 && refund <= amount, $"order {r[0]}: refund {refund} of {amount}");
            }

            if (disputed is { } d)
            {
                Assert.True(d >= created, $"order {r[0]}: disputed before created");
            }
        }
    }

    [Fact]
    public void Loans_FollowTheLoanRules()
    {
        var t = data.Loans;
        var merchants = data.Merchants.Rows.ToDictionary(r => r[0], r => SimulatedData.Timestamp(r[1]), StringComparer.Ordinal);
        foreach (var r in t.Rows)
        {
            Assert.True(merchants.TryGetValue(r[t["merchant_id"]], out var registered), $"loan {r[0]}: unknown merchant");
            Assert.Contains(r[t["product"]], Products);
            Assert.True(AssertMoney(r[t["principal"]]) > 0);
            Assert.Matches(RateFormat(), r[t["daily_rate"]]);
            var disbursed = AssertTimestampBeforeCutoff(r[t["disbursed_at"]]);
            Assert.True(disbursed >= registered, $"loan {r[0]} disbursed before its merchant registered");
            Assert.Matches(DateFormat(), r[t["maturity_date"]]);
            Assert.True(SimulatedData.Date(r[t["maturity_date"]]) >= DateOnly.FromDateTime(disbursed.UtcDateTime), $"loan {r[0]} matures before disbursement");
        }
    }

    [Fact]
    public void Installments_SumToPrincipalEndAtMaturityAndAccrueInterestDaily()
    {
        var loans = data.Loans.Rows.ToDictionary(r => r[0], StringComparer.Ordinal);
        var l = data.Loans;
        var t = data.Installments;
        var byLoan = t.Rows.GroupBy(r => r[t["loan_id"]], StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.OrderBy(r => int.Parse(r[t["seq"]], System.Globalization.CultureInfo.InvariantCulture)).ToList(), StringComparer.Ordinal);
        Assert.Equal(loans.Count, byLoan.Count);
        foreach (var (id, rows) in byLoan)
        {
            Assert.True(loans.TryGetValue(id, out var loan), $"installment of unknown loan {id}");
            var principal = SimulatedData.Money(loan[l["principal"]]);
            var rate = decimal.Parse(loan[l["daily_rate"]], System.Globalization.CultureInfo.InvariantCulture);
            var disbursedDate = DateOnly.FromDateTime(SimulatedData.Timestamp(loan[l["disbursed_at"]]).UtcDateTime);
            Assert.Equal(Enumerable.Range(1, rows.Count).Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture)), rows.Select(r => r[t["seq"]]));
            Assert.Equal(principal, rows.Sum(r => AssertMoney(r[t["principal_due"]])));
            Assert.Equal(loan[l["maturity_date"]], rows[^1][t["due_date"]]);
            if (loan[l["product"]] == "order")
            {
                Assert.Single(rows);
                var days = SimulatedData.Date(rows[0][t["due_date"]]).DayNumber - disbursedDate.DayNumber;
                Assert.Equal(Math.Round(principal * rate * days, 2, MidpointRounding.AwayFromZero), AssertMoney(rows[0][t["interest_due"]]));
                continue;
            }

            Assert.Contains(rows.Count, Terms);
            var outstanding = principal;
            var previous = disbursedDate;
            for (var k = 0; k < rows.Count; k++)
            {
                var due = SimulatedData.Date(rows[k][t["due_date"]]);
                Assert.Equal(disbursedDate.AddMonths(k + 1), due);
                var expected = Math.Round(outstanding * rate * (due.DayNumber - previous.DayNumber), 2, MidpointRounding.AwayFromZero);
                Assert.Equal(expected, AssertMoney(rows[k][t["interest_due"]]));
                outstanding -= AssertMoney(rows[k][t["principal_due"]]);
                previous = due;
            }
        }
    }

    [Fact]
    public void Repayments_AreAfterDisbursementBeforeCutoffAndNeverOverpay()
    {
        var l = data.Loans;
        var disbursed = l.Rows.ToDictionary(r => r[0], r => SimulatedData.Timestamp(r[l["disbursed_at"]]), StringComparer.Ordinal);
        var due = data.Installments.Rows.GroupBy(r => r[0], StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Sum(r => SimulatedData.Money(r[3]) + SimulatedData.Money(r[4])), StringComparer.Ordinal);
        var t = data.Repayments;
        var paid = new Dictionary<string, decimal>(StringComparer.Ordinal);
        foreach (var r in t.Rows)
        {
            var id = r[t["loan_id"]];
            Assert.True(disbursed.TryGetValue(id, out var at), $"repayment of unknown loan {id}");
            var paidAt = AssertTimestampBeforeCutoff(r[t["paid_at"]]);
            Assert.True(paidAt >= at, $"loan {id}: repayment before disbursement");
            var amount = AssertMoney(r[t["amount"]]);
            Assert.True(amount > 0);
            paid[id] = paid.GetValueOrDefault(id) + amount;
        }

        Assert.All(paid, p => Assert.True(p.Value <= due[p.Key], $"loan {p.Key} repaid {p.Value} of {due[p.Key]}"));
    }

    [Fact]
    public void LoanOrders_PledgeShippedUnsettledOrdersOfTheSameMerchant()
    {
        var l = data.Loans;
        var loans = l.Rows.ToDictionary(r => r[0], StringComparer.Ordinal);
        var o = data.Orders;
        var orders = o.Rows.ToDictionary(r => r[0], StringComparer.Ordinal);
        var pledgedLoans = new HashSet<string>(StringComparer.Ordinal);
        foreach (var r in data.LoanOrders.Rows)
        {
            Assert.True(loans.TryGetValue(r[0], out var loan), $"pledge of unknown loan {r[0]}");
            Assert.Equal("order", loan[l["product"]]);
            Assert.True(orders.TryGetValue(r[1], out var order), $"pledge of unknown order {r[1]}");
            Assert.Equal(loan[l["merchant_id"]], order[o["merchant_id"]]);
            var disbursed = SimulatedData.Timestamp(loan[l["disbursed_at"]]);
            Assert.True(Optional(order[o["shipped_at"]]) is { } shipped && shipped <= disbursed, $"{r[1]} not shipped at {r[0]}'s disbursement");
            Assert.False(Optional(order[o["settled_at"]]) is { } settled && settled <= disbursed, $"{r[1]} already settled at {r[0]}'s disbursement");
            Assert.False(Optional(order[o["refunded_at"]]) is { } refunded && refunded <= disbursed, $"{r[1]} already refunded at {r[0]}'s disbursement");
            pledgedLoans.Add(r[0]);
        }

        // Every order loan pledges at least one order; credit loans pledge none.
        Assert.Equal(loans.Values.Count(x => x[l["product"]] == "order"), pledgedLoans.Count);
    }

    [Fact]
    public void Truth_HasOneProbabilityPerLoan()
    {
        var loans = data.Loans.Rows.Select(r => r[0]).ToHashSet(StringComparer.Ordinal);
        Assert.Equal(loans.Count, data.Truth.Rows.Count);
        foreach (var r in data.Truth.Rows)
        {
            Assert.Contains(r[0], loans);
            var p = SimulatedData.Number(r[1]);
            Assert.InRange(p, 0, 1);
        }
    }

    private static void AssertIds(CsvTable table, string column, bool unique)
    {
        var values = table.Rows.Select(r => r[table[column]]).ToList();
        Assert.All(values, v => Assert.InRange(v.Length, 1, 64));
        if (unique)
        {
            AssertUnique(values);
        }
    }

    private static void AssertUnique<T>(IEnumerable<T> values)
    {
        var seen = new HashSet<T>();
        foreach (var value in values)
        {
            Assert.True(seen.Add(value), $"duplicate {value}");
        }
    }

    private static decimal AssertMoney(string text)
    {
        Assert.Matches(MoneyFormat(), text);
        return SimulatedData.Money(text);
    }

    private DateTimeOffset AssertTimestampBeforeCutoff(string text)
    {
        Assert.Matches(TimestampFormat(), text);
        var value = SimulatedData.Timestamp(text);
        Assert.True(value < Cutoff, $"{text} is after the export date");
        return value;
    }

    private DateTimeOffset? Optional(string text) => text.Length == 0 ? null : AssertTimestampBeforeCutoff(text);
}
