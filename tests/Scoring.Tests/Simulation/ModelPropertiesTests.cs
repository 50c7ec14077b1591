using Xunit.Abstractions;

namespace Microcredit.Scoring.Tests.Simulation;

/// <summary>The documented properties of the generative model (docs/simulator.md), measured on the sample.</summary>
[Collection(SampleGroup.Name)]
public class ModelPropertiesTests(SampleFixture fixture, ITestOutputHelper log)
{
    private readonly SimulatedData data = fixture.Data;

    [Fact]
    public void OrderVolume_IsAbout200OrdersPerMerchantOver24Months()
    {
        // 100,000 merchants × 24 months should give about 20M orders.
        var perMerchant = data.Orders.Rows.Count / (double)data.Merchants.Rows.Count;
        log.WriteLine($"orders per merchant: {perMerchant:F1}");
        Assert.InRange(perMerchant, 170, 230);
    }

    [Fact]
    public void SinglesDay_PeaksAboveTypicalDaysAndAboveDouble12()
    {
        var perDay = data.Orders.Rows
            .GroupBy(r => DateOnly.FromDateTime(SimulatedData.Timestamp(r[data.Orders["created_at"]]).UtcDateTime))
            .ToDictionary(g => g.Key, g => g.Count());
        var median = perDay.Values.Order().ElementAt(perDay.Count / 2);
        foreach (var year in new[] { 2024, 2025 })
        {
            var singles = Enumerable.Range(10, 3).Average(d => perDay[new DateOnly(year, 11, d)]);
            var double12 = Enumerable.Range(11, 3).Average(d => perDay[new DateOnly(year, 12, d)]);
            log.WriteLine($"{year}: median day {median}, 10–12 Nov {singles:F0}, 11–13 Dec {double12:F0}");
            Assert.True(singles > 2.0 * median, $"Singles' Day {singles} vs median {median}");
            Assert.True(double12 > 1.3 * median, $"Double 12 {double12} vs median {median}");
            Assert.True(singles > double12);
        }
    }

    [Fact]
    public void Weekends_SellMoreThanMidweek()
    {
        var o = data.Orders;
        var byWeekday = o.Rows.GroupBy(r => SimulatedData.Timestamp(r[o["created_at"]]).DayOfWeek).ToDictionary(g => g.Key, g => g.Count());
        Assert.True(byWeekday[DayOfWeek.Saturday] > byWeekday[DayOfWeek.Tuesday] * 1.05);
    }

    [Fact]
    public void RefundsAndDisputes_AreMoreFrequentForLowHealthMerchants()
    {
        var honest = data.MerchantTruth.Rows.Where(r => r[1] == "false")
            .OrderBy(r => SimulatedData.Number(r[2])).Select(r => r[0]).ToList();
        var quarter = honest.Count / 4;
        var low = honest.Take(quarter).ToHashSet(StringComparer.Ordinal);
        var high = honest.Skip(honest.Count - quarter).ToHashSet(StringComparer.Ordinal);
        var (lowRefund, lowDispute) = Rates(low);
        var (highRefund, highDispute) = Rates(high);
        log.WriteLine($"refund rate low-health {lowRefund:P2} vs high-health {highRefund:P2}; disputes {lowDispute:P2} vs {highDispute:P2}");
        Assert.True(lowRefund > 1.5 * highRefund);
        Assert.True(lowDispute > 1.5 * highDispute);
    }

    [Fact]
    public void CreditLoans_DefaultAt3To6PercentAndTruePdIsCalibrated()
    {
        var credit = LoanOutcomes.Labelled(data).Where(o => o.Product == "credit").ToList();
        var rate = credit.Count(o => o.Defaulted) / (double)credit.Count;
        var meanPd = credit.Average(o => o.TruePd);
        var sd = Math.Sqrt(meanPd * (1 - meanPd) / credit.Count);
        log.WriteLine($"credit loans with a label: {credit.Count}, defaulted {credit.Count(o => o.Defaulted)} ({rate:P2}), mean true_pd {meanPd:P2}");
        Assert.InRange(rate, 0.03, 0.06);
        Assert.InRange(rate, meanPd - (3 * sd), meanPd + (3 * sd));
    }

    [Fact]
    public void TruePd_RanksRealizedDefaults()
    {
        var outcomes = LoanOutcomes.Labelled(data);
        foreach (var product in new[] { "credit", "order" })
        {
            var items = outcomes.Where(o => o.Product == product).Select(o => (o.TruePd, o.Defaulted)).ToList();
            var auc = LoanOutcomes.Auc(items);
            log.WriteLine($"{product}: AUC of true_pd {auc:F4} on {items.Count} loans, {items.Count(i => i.Defaulted)} defaulted");
            Assert.InRange(auc, 0.65, 0.95);
        }

        // Order-loan truth is q·(1 − Π(1 − rᵢ)); it too must match the realized rate.
        var order = outcomes.Where(o => o.Product == "order").ToList();
        var meanPd = order.Average(o => o.TruePd);
        var sd = Math.Sqrt(meanPd * (1 - meanPd) / order.Count);
        Assert.InRange(order.Count(o => o.Defaulted) / (double)order.Count, meanPd - (3 * sd), meanPd + (3 * sd));
    }

    [Fact]
    public void Sample_HoldsAtLeast150DefaultedLoans()
    {
        var defaulted = LoanOutcomes.Labelled(data).Count(o => o.Defaulted);
        Assert.True(defaulted >= 150, $"{defaulted} defaulted loans");
    }

    [Fact]
    public void FraudulentMerchants_ConcentrateOnFewBuyersThenSurgeInRefunds()
    {
        var o = data.Orders;
        var fraud = data.MerchantTruth.Rows.Where(r => r[1] == "true").Select(r => r[0]).ToHashSet(StringComparer.Ordinal);
        Assert.True(fraud.Count >= 10, $"{fraud.Count} fraudulent merchants");
        var byMerchant = o.Rows.GroupBy(r => r[o["merchant_id"]], StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.ToList(), StringComparer.Ordinal);

        // Buyer concentration among merchants with enough orders to tell: the share of orders
        // placed by the merchant's five most frequent buyers, and orders per distinct buyer.
        List<List<string[]>> Sellers(IEnumerable<string> ids) => [.. ids.Where(byMerchant.ContainsKey).Select(id => byMerchant[id]).Where(rows => rows.Count >= 30)];
        static double TopFiveShare(List<string[]> rows, int buyer) =>
            rows.GroupBy(r => r[buyer], StringComparer.Ordinal).Select(g => g.Count()).OrderDescending().Take(5).Sum() / (double)rows.Count;
        static double OrdersPerBuyer(List<string[]> rows, int buyer) =>
            rows.Count / (double)rows.Select(r => r[buyer]).Distinct(StringComparer.Ordinal).Count();
        var fraudSellers = Sellers(fraud);
        var honestSellers = Sellers(byMerchant.Keys.Where(id => !fraud.Contains(id)));
        var buyerColumn = o["buyer_id"];
        var fraudTop = Median(fraudSellers.Select(rows => TopFiveShare(rows, buyerColumn)));
        var honestTop = Median(honestSellers.Select(rows => TopFiveShare(rows, buyerColumn)));
        var fraudPerBuyer = Median(fraudSellers.Select(rows => OrdersPerBuyer(rows, buyerColumn)));
        var honestPerBuyer = Median(honestSellers.Select(rows => OrdersPerBuyer(rows, buyerColumn)));
        log.WriteLine($"median share of orders from the top 5 buyers: fraudulent {fraudTop:P1}, honest {honestTop:P1}; orders per buyer {fraudPerBuyer:F2} vs {honestPerBuyer:F2}");
        Assert.True(fraudTop > 2.5 * honestTop);
        Assert.True(fraudPerBuyer > 2 * honestPerBuyer);

        // The bust: refunds in a fraudulent merchant's last 45 days of orders dwarf its earlier refunds.
        long earlyOrders = 0, earlyRefunds = 0, lateOrders = 0, lateRefunds = 0;
        foreach (var id in fraud.Where(byMerchant.ContainsKey))
        {
            var rows = byMerchant[id];
            var last = rows.Max(r => SimulatedData.Timestamp(r[o["created_at"]]));
            if (last > data.Options.Cutoff.AddDays(-60))
            {
                continue; // still selling at the export date: its bust (if any) isn't complete
            }

            foreach (var r in rows)
            {
                var late = SimulatedData.Timestamp(r[o["created_at"]]) > last.AddDays(-45);
                var refunded = r[o["refunded_at"]].Length > 0;
                if (late)
                {
                    lateOrders++;
                    lateRefunds += refunded ? 1 : 0;
                }
                else
                {
                    earlyOrders++;
                    earlyRefunds += refunded ? 1 : 0;
                }
            }
        }

        var early = earlyRefunds / (double)earlyOrders;
        var lateRate = lateRefunds / (double)lateOrders;
        log.WriteLine($"fraudulent merchants' refund rate: before the last 45 days {early:P1}, in them {lateRate:P1}");
        Assert.True(lateRate > 4 * early);
    }

    [Fact]
    public void Merchants_KeepRegisteringAndSomeClose()
    {
        var start = data.Options.Start;
        var registeredInWindow = data.Merchants.Rows.Count(r => SimulatedData.Timestamp(r[1]) >= start);
        Assert.InRange(registeredInWindow / (double)data.Merchants.Rows.Count, 0.25, 0.45);

        var o = data.Orders;
        var lastOrder = o.Rows.GroupBy(r => r[o["merchant_id"]], StringComparer.Ordinal)
            .Select(g => g.Max(r => SimulatedData.Timestamp(r[o["created_at"]])));
        var silent = lastOrder.Count(t => t < data.Options.Cutoff.AddDays(-120));
        Assert.True(silent > data.Merchants.Rows.Count / 20, $"{silent} merchants stopped selling");
    }

    private (double Refund, double Dispute) Rates(HashSet<string> merchants)
    {
        var o = data.Orders;
        long orders = 0, refunds = 0, disputes = 0;
        foreach (var r in o.Rows)
        {
            if (!merchants.Contains(r[o["merchant_id"]]))
            {
                continue;
            }

            orders++;
            refunds += r[o["refunded_at"]].Length > 0 ? 1 : 0;
            disputes += r[o["disputed_at"]].Length > 0 ? 1 : 0;
        }

        return (refunds / (double)orders, disputes / (double)orders);
    }

    private static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted.Count == 0 ? 0 : sorted[sorted.Count / 2];
    }
}
