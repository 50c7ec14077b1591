using Microcredit.Scoring.Models.Metrics;

namespace Microcredit.Scoring.Tests.Models.Metrics;

public class KolmogorovSmirnovTests
{
    [Fact]
    public void Compute_WithoutTies_IsTheLargestGapOfTheCumulativeShares()
    {
        // Ascending: 0.1 (neg) gap 0.5; 0.35 (pos) 0; 0.4 (neg) 0.5; 0.8 (pos) 0.
        Assert.Equal(0.5, KolmogorovSmirnov.Compute([0.1, 0.4, 0.35, 0.8], [0, 0, 1, 1]), 12);
    }

    [Fact]
    public void Compute_WithTies_OnlyCutsBetweenDistinctScores()
    {
        // At score 1 one event and one of two non-events have passed: |1 − 0.5| = 0.5.
        // Cutting inside the tie (the event first) would claim 1.0.
        Assert.Equal(0.5, KolmogorovSmirnov.Compute([1, 1, 2], [1, 0, 0]), 12);
    }

    [Fact]
    public void Compute_PerfectSeparation_IsOne()
    {
        Assert.Equal(1.0, KolmogorovSmirnov.Compute([1, 2, 3, 4], [0, 0, 1, 1]), 12);
    }
}
