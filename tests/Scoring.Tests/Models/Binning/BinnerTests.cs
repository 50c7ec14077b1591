using Microcredit.Scoring.Models.Binning;
using Microcredit.Scoring.Models.Data;

namespace Microcredit.Scoring.Tests.Models.Binning;

public class BinnerTests
{
    private static readonly BinningOptions Options = new() { MinBinShare = 0.05, MinBinEvents = 5 };

    [Fact]
    public void Fit_RiskRisingWithTheValue_GivesIncreasingMonotoneBinsWithinTheLimits()
    {
        var (values, labels) = Synthetic(2000, i => i % 100, x => x / 150.0);

        var binning = Binner.Fit(TabularColumn.Numeric("x", values), labels, Options);

        Assert.Equal("increasing", binning.Trend);
        var ranges = binning.Bins.Where(b => b.Kind == BinKind.Range).ToList();
        Assert.True(ranges.Count >= 3, $"{ranges.Count} bins");
        for (var k = 1; k < ranges.Count; k++)
        {
            Assert.True(Rate(ranges[k]) > Rate(ranges[k - 1]));
            Assert.Equal(ranges[k - 1].Upper, ranges[k].Lower);
        }

        Assert.All(ranges, b => Assert.True(b.Count >= 100 && b.Events >= 5 && b.Count - b.Events >= 5));
        Assert.Null(ranges[0].Lower);
        Assert.Null(ranges[^1].Upper);
    }

    [Fact]
    public void Fit_RiskFallingWithTheValue_ChoosesTheDecreasingTrend()
    {
        var (values, labels) = Synthetic(2000, i => i % 100, x => (100 - x) / 150.0);

        var binning = Binner.Fit(TabularColumn.Numeric("x", values), labels, Options);

        Assert.Equal("decreasing", binning.Trend);
    }

    [Fact]
    public void Fit_MissingAndSpecialValues_GetBinsOfTheirOwn()
    {
        var (values, labels) = Synthetic(1000, i => i % 50, x => x / 80.0);
        for (var i = 0; i < values.Length; i += 10)
        {
            values[i] = double.NaN;
        }

        for (var i = 5; i < values.Length; i += 20)
        {
            values[i] = -1;
        }

        var options = Options with { Special = new Dictionary<string, IReadOnlyList<double>> { ["x"] = [-1] } };
        var binning = Binner.Fit(TabularColumn.Numeric("x", values), labels, options);

        var special = Assert.Single(binning.Bins, b => b.Kind == BinKind.Special);
        Assert.Equal(-1, special.Value);
        Assert.Equal(50, special.Count);
        Assert.Equal(100, binning.Bins[binning.MissingBin].Count);
        Assert.Equal(binning.MissingBin, binning.BinOf(double.NaN));
        Assert.Equal(binning.Bins.ToList().IndexOf(special), binning.BinOf(-1));
        Assert.Equal(1000, binning.Bins.Sum(b => b.Count));
    }

    [Fact]
    public void Fit_Categories_PoolsRareLabelsAndSendsUnseenOnesToThePool()
    {
        var labels = new List<int>();
        var texts = new List<string?>();
        void Add(string text, int rows, int events)
        {
            for (var i = 0; i < rows; i++)
            {
                texts.Add(text);
                labels.Add(i < events ? 1 : 0);
            }
        }

        Add("low", 400, 20);
        Add("mid", 300, 60);
        Add("high", 280, 140);
        Add("rare1", 5, 1);
        Add("rare2", 5, 2);
        Add(null!, 10, 3);

        var binning = Binner.Fit(TabularColumn.Categorical("c", [.. texts]), [.. labels], Options with { RareCategoryShare = 0.01 });

        var other = Assert.Single(binning.Bins, b => b.Other);
        Assert.Contains("rare1", other.Values!);
        Assert.Contains("rare2", other.Values!);
        var assigned = binning.Assign(TabularColumn.Categorical("c", ["never-seen", null, "low", "high"]));
        Assert.Equal(binning.Bins.ToList().IndexOf(other), assigned[0]);
        Assert.Equal(binning.MissingBin, assigned[1]);
        Assert.True(binning.Bins[assigned[2]].Woe > binning.Bins[assigned[3]].Woe, "low risk has the higher WoE");
        Assert.Equal(10, binning.Bins[binning.MissingBin].Count);
    }

    private static double Rate(Bin bin) => (double)bin.Events / bin.Count;

    /// <summary>Deterministic labels: row i is an event when a low-discrepancy draw falls under its probability.</summary>
    internal static (double[] Values, int[] Labels) Synthetic(int rows, Func<int, double> value, Func<double, double> probability)
    {
        var values = new double[rows];
        var labels = new int[rows];
        for (var i = 0; i < rows; i++)
        {
            values[i] = value(i);
            var u = (i * 0.6180339887498949) % 1.0;
            labels[i] = u < probability(values[i]) ? 1 : 0;
        }

        return (values, labels);
    }
}
