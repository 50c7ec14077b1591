using Microcredit.Jobs.Retraining;

namespace Microcredit.Jobs.Tests.Retraining;

public class PromotionRuleTests
{
    [Theory]
    [InlineData(true, 0.703, 0.700, 0.005, false)] // better by 0.003 < 0.005
    [InlineData(true, 0.705, 0.700, 0.005, true)] // exactly the margin (0.705 − 0.700 is 0.00499999… in doubles)
    [InlineData(true, 0.720, 0.700, 0.005, true)]
    [InlineData(true, 0.690, 0.700, 0.005, false)]
    [InlineData(false, 0.900, 0.500, 0.005, false)] // auto-promotion off
    [InlineData(true, 0.690, 0.700, -0.02, true)] // a negative margin accepts a slightly worse challenger
    public void ShouldPromote_ComparesTheAucGainWithTheMargin(bool autoPromote, double challenger, double champion, double margin, bool expected)
    {
        Assert.Equal(expected, PromotionRule.ShouldPromote(autoPromote, challenger, champion, margin));
    }

    [Fact]
    public void ShouldPromote_NoChampion_PromotesAMeasuredChallenger()
    {
        Assert.True(PromotionRule.ShouldPromote(true, 0.6, null, 0.005));
        Assert.False(PromotionRule.ShouldPromote(true, null, null, 0.005));
        Assert.False(PromotionRule.ShouldPromote(true, null, 0.7, 0.005));
    }
}
