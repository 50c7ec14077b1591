using Microcredit.Scoring.Models.Metrics;

namespace Microcredit.Scoring.Tests.Models.Metrics;

public class AucTests
{
    [Fact]
    public void Compute_WithoutTies_CountsOrderedPairs()
    {
        // Positives 0.35, 0.8 against negatives 0.1, 0.4: pairs won 1 + 0 + 1 + 1 = 3 of 4.
        Assert.Equal(0.75, Auc.Compute([0.1, 0.4, 0.35, 0.8], [0, 0, 1, 1]), 12);
    }

    [Fact]
    public void Compute_WithTies_CountsATieAsHalf()
    {
        // Positives {2, 3}, negatives {1, 2}: 1 + 0.5 + 1 + 1 = 3.5 of 4.
        Assert.Equal(0.875, Auc.Compute([1, 2, 2, 3], [0, 1, 0, 1]), 12);
    }

    [Fact]
    public void Compute_AllScoresEqual_IsOneHalf()
    {
        Assert.Equal(0.5, Auc.Compute([7, 7, 7, 7, 7], [1, 0, 0, 1, 0]), 12);
    }

    [Fact]
    public void Gini_IsTwiceAucMinusOne()
    {
        Assert.Equal(0.75, Auc.Gini([1, 2, 2, 3], [0, 1, 0, 1]), 12);
    }

    [Fact]
    public void Compute_OneClassOnly_Throws()
    {
        Assert.Throws<ArgumentException>(() => Auc.Compute([1, 2], [1, 1]));
    }
}
