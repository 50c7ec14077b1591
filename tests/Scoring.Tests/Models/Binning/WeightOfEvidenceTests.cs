using Microcredit.Scoring.Models.Binning;
using Microcredit.Scoring.Models.Data;

namespace Microcredit.Scoring.Tests.Models.Binning;

public class WeightOfEvidenceTests
{
    [Fact]
    public void Count_ManualBins_GivesWoeAndIvByHand()
    {
        // 65 rows at 1 (60 good, 5 bad) and 35 rows at 5 (20 good, 15 bad): G = 80, B = 20.
        // Low bin: ln((60/80)/(5/20)) = ln 3; high bin: ln((20/80)/(15/20)) = −ln 3.
        // IV = (0.75 − 0.25)·ln 3 + (0.25 − 0.75)·(−ln 3) = ln 3.
        var values = new List<double>();
        var labels = new List<int>();
        void Add(double value, int label, int count)
        {
            for (var i = 0; i < count; i++)
            {
                values.Add(value);
                labels.Add(label);
            }
        }

        Add(1, 0, 60);
        Add(1, 1, 5);
        Add(5, 0, 20);
        Add(5, 1, 15);
        var shape = new FeatureBinning
        {
            Feature = "x",
            Kind = ColumnKind.Numeric,
            Trend = "manual",
            Bins = [new Bin { Kind = BinKind.Range, Upper = 3 }, new Bin { Kind = BinKind.Range, Lower = 3 }, new Bin { Kind = BinKind.Missing }],
        };

        var binning = Binner.Count(shape, TabularColumn.Numeric("x", [.. values]), [.. labels]);

        Assert.Equal((65, 5), (binning.Bins[0].Count, binning.Bins[0].Events));
        Assert.Equal((35, 15), (binning.Bins[1].Count, binning.Bins[1].Events));
        Assert.Equal(1.0986122887, binning.Bins[0].Woe, 9);
        Assert.Equal(-1.0986122887, binning.Bins[1].Woe, 9);
        Assert.Equal(0, binning.Bins[2].Woe);
        Assert.Equal(1.0986122887, binning.Iv, 9);
    }

    [Fact]
    public void Woe_BinWithoutEvents_AddsOneHalfToBothCounts()
    {
        // ln(((10 + 0.5)/80) / ((0 + 0.5)/20)) = ln(5.25).
        Assert.Equal(Math.Log(5.25), WeightOfEvidence.Woe(10, 0, 80, 20), 12);
    }
}
