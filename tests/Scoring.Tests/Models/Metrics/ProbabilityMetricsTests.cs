using Microcredit.Scoring.Models.Metrics;

namespace Microcredit.Scoring.Tests.Models.Metrics;

public class ProbabilityMetricsTests
{
    [Fact]
    public void LogLoss_IsTheMeanNegativeLogLikelihood()
    {
        // −(ln 0.8 + ln 0.7) / 2 = (0.2231435513 + 0.3566749439) / 2.
        Assert.Equal(0.2899092476, ProbabilityLoss.LogLoss([0.8, 0.3], [1, 0]), 9);
    }

    [Fact]
    public void LogLoss_ClipsCertainMisses()
    {
        Assert.Equal(-Math.Log(1e-15), ProbabilityLoss.LogLoss([0.0], [1]), 6);
    }

    [Fact]
    public void Brier_IsTheMeanSquaredError()
    {
        // (0.2² + 0.3²) / 2.
        Assert.Equal(0.065, ProbabilityLoss.Brier([0.8, 0.3], [1, 0]), 12);
    }

    [Fact]
    public void Psi_FromCounts_MatchesTheFormula()
    {
        // (0.25 − 0.5)·ln(0.5) + (0.75 − 0.5)·ln(1.5) = 0.1732868 + 0.1013663.
        Assert.Equal(0.2746531, Psi.FromCounts([50, 50], [25, 75]), 6);
    }

    [Fact]
    public void Psi_SameDistribution_IsZero()
    {
        Assert.Equal(0, Psi.FromSamples([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], [10, 9, 8, 7, 6, 5, 4, 3, 2, 1]), 12);
    }

    [Fact]
    public void CalibrationTable_GroupsByPredictionKeepingTiesTogether()
    {
        double[] pd = [0.1, 0.1, 0.1, 0.2, 0.5, 0.9];
        int[] labels = [0, 0, 1, 0, 1, 1];

        var table = CalibrationTable.Compute(pd, labels, groups: 3);

        // The first cut (after 2 rows) would split the tie at 0.1, so that group takes all three;
        // the next ends at row 4 as planned, the last takes the rest.
        Assert.Equal(3, table.Count);
        Assert.Equal((3, 0.1, 1.0 / 3), (table[0].Count, Math.Round(table[0].MeanPd, 12), table[0].EventRate));
        Assert.Equal((1, 0.2, 0.0), (table[1].Count, table[1].MeanPd, table[1].EventRate));
        Assert.Equal((2, 0.7, 1.0), (table[2].Count, Math.Round(table[2].MeanPd, 12), table[2].EventRate));
    }

    [Fact]
    public void BinaryMetrics_ComputesEveryFigure()
    {
        var metrics = BinaryMetrics.Compute([0.1, 0.4, 0.35, 0.8], [0, 0, 1, 1]);

        Assert.Equal(4, metrics.Rows);
        Assert.Equal(2, metrics.Events);
        Assert.Equal(0.75, metrics.Auc, 12);
        Assert.Equal(0.5, metrics.Gini, 12);
        Assert.Equal(0.5, metrics.Ks, 12);
        Assert.Equal(((0.1 * 0.1) + (0.4 * 0.4) + (0.65 * 0.65) + (0.2 * 0.2)) / 4, metrics.Brier, 12);
    }
}
