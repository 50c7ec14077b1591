using Microcredit.Scoring.Features;
using Microcredit.Scoring.Features.Engine;
using Microcredit.Scoring.Features.Snapshots;

namespace Microcredit.Scoring.Tests.Features;

public class FeatureCsvTests
{
    [Fact]
    public void WriteSnapshot_FormatsMoneyCountsAndMissingValues()
    {
        var features = FeatureEngine.ComputeAsOf(TinyHistory.Create().ToHistory(), TinyHistory.AsOf);
        using var writer = new StringWriter();

        FeatureCsv.WriteSnapshot(writer, features);

        var lines = writer.ToString().Split('\n');
        Assert.Equal("merchant_id," + string.Join(',', FeatureCatalog.All.Select(f => f.Name)), lines[0]);
        // m2, open 14 hours, no orders, no loans: hand-written row.
        var m2 = string.Join(',',
            "m2",
            "0",                                  // TENURE_DAYS
            "0.00,0.00,0.00,0.00",                // GMV
            "0.00,0.00,0.00,0.00",                // NET_GMV
            "0,0,0,0",                            // ORDERS
            ",,,",                                // AOV: missing
            "0,0,0,0",                            // ACTIVE_DAYS
            ",,,,,,,,",                           // growth, yoy, cv, 4 refund/dispute rates, 2 settlement delays: missing
            "0",                                  // BUYERS_180D
            ",,,",                                // top-5 share, HHI, repeat rate, orders per buyer: missing
            "0",                                  // MAX_BUYER_DAY_ORDERS_90D
            "1",                                  // REFUND_SURGE_30D = (0 + 1) / (0 + 1)
            "0.00,0",                             // pending value, count
            "0,0,0",                              // past loans, worst DPD ever, 180D
            "0.00",                               // OUTSTANDING_PRINCIPAL
            "");                                  // REPAID_PRINCIPAL_SHARE: missing
        Assert.Equal(m2, lines[2]);
        Assert.StartsWith("m1,532,190.00,390.00,510.00,650.00,140.00,340.00,460.00,600.00,4,5,6,8,47.50,78.00,85.00,81.25,3,4,5,7,2.25,8.75,", lines[1], StringComparison.Ordinal);
        Assert.Equal("", lines[3]); // LF after the last row
    }

    [Theory]
    [InlineData("plain", "plain")]
    [InlineData("a,b", "\"a,b\"")]
    [InlineData("say \"hi\"", "\"say \"\"hi\"\"\"")]
    [InlineData("two\nlines", "\"two\nlines\"")]
    public void Quote_FollowsRfc4180(string field, string expected) => Assert.Equal(expected, FeatureCsv.Quote(field));
}
