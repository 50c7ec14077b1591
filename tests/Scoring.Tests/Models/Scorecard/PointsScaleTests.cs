using Microcredit.Scoring.Models.Scorecard;

namespace Microcredit.Scoring.Tests.Models.Scorecard;

public class PointsScaleTests
{
    [Fact]
    public void Default_Gives600At50To1And20PointsPerDoubling()
    {
        var scale = new PointsScale();

        // Odds 50:1 good:bad is log-odds of bad ln(1/50); 100:1 doubles the odds.
        Assert.Equal(600, scale.ScoreOf(Math.Log(1.0 / 50)), 9);
        Assert.Equal(620, scale.ScoreOf(Math.Log(1.0 / 100)), 9);
        Assert.Equal(580, scale.ScoreOf(Math.Log(1.0 / 25)), 9);
        Assert.Equal(Math.Log(1.0 / 25), scale.LogOddsBadOf(580), 12);
    }

    [Fact]
    public void Custom_UsesTheGivenAnchor()
    {
        var scale = new PointsScale { BaseScore = 500, BaseOdds = 10, PointsToDoubleOdds = 40 };

        Assert.Equal(500, scale.ScoreOf(Math.Log(0.1)), 9);
        Assert.Equal(540, scale.ScoreOf(Math.Log(0.05)), 9);
    }
}
