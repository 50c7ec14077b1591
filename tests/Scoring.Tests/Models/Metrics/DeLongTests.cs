using Microcredit.Scoring.Models.Metrics;

namespace Microcredit.Scoring.Tests.Models.Metrics;

public class DeLongTests
{
    [Fact]
    public void Compare_SmallHandExample_GivesTheHandComputedVarianceAndInterval()
    {
        // Events are rows 2 and 3. A: events 0.35, 0.8 against non-events 0.1, 0.4; B ranks perfectly.
        // A's placements: events (0.5, 1), non-events (1, 0.5), AUC 0.75; B's all 1, AUC 1.
        // var = (S10_A + S10_B − 2·S10_AB)/2 + (S01_A + S01_B − 2·S01_AB)/2 = 0.125/2 + 0.125/2 = 0.125.
        var result = DeLong.Compare([0.1, 0.4, 0.35, 0.8], [0.1, 0.2, 0.7, 0.9], [0, 0, 1, 1]);

        Assert.Equal(0.75, result.AucA, 12);
        Assert.Equal(1, result.AucB, 12);
        Assert.Equal(0.25, result.Difference, 12);
        Assert.Equal(Math.Sqrt(0.125), result.StandardError, 12);
        Assert.Equal(0.25 / Math.Sqrt(0.125), result.Z, 12);
        Assert.Equal(0.4795001221869535, result.P, 6); // erfc(0.5)
        Assert.Equal(0.25 - (1.959963984540054 * Math.Sqrt(0.125)), result.Lower, 12);
        Assert.Equal(0.25 + (1.959963984540054 * Math.Sqrt(0.125)), result.Upper, 12);
    }

    [Fact]
    public void Compare_AModelWithItself_HasNoDifferenceAndPOne()
    {
        double[] risk = [0.1, 0.4, 0.35, 0.8, 0.2, 0.6];
        int[] labels = [0, 0, 1, 1, 0, 1];

        var result = DeLong.Compare(risk, risk, labels);

        Assert.Equal(0, result.Difference);
        Assert.Equal(0, result.StandardError);
        Assert.Equal(1, result.P);
    }

    [Fact]
    public void Compare_OneEvent_Throws()
    {
        Assert.Throws<ArgumentException>(() => DeLong.Compare([0.1, 0.2, 0.3], [0.3, 0.2, 0.1], [0, 0, 1]));
    }
}
