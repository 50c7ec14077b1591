namespace Microcredit.Scoring.Tests.Simulation;

public class LoanOutcomesTests
{
    [Fact]
    public void Auc_PerfectRanking_IsOne() =>
        Assert.Equal(1.0, LoanOutcomes.Auc([(0.1, false), (0.2, false), (0.8, true), (0.9, true)]));

    [Fact]
    public void Auc_AllTied_IsOneHalf() =>
        Assert.Equal(0.5, LoanOutcomes.Auc([(0.3, false), (0.3, true), (0.3, false), (0.3, true)]));

    [Fact]
    public void Auc_HandCountedPairs_WithATie()
    {
        // Positives 0.4, 0.7; negatives 0.1, 0.4, 0.9. Pairs won: 0.4>0.1, tie 0.4=0.4 (½), 0.7>0.1, 0.7>0.4 → 3.5 of 6.
        var auc = LoanOutcomes.Auc([(0.4, true), (0.7, true), (0.1, false), (0.4, false), (0.9, false)]);
        Assert.Equal(3.5 / 6, auc, 12);
    }
}
