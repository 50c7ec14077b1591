namespace Microcredit.Underwriting.Tests.Policy;

public class GradeTests
{
    [Theory]
    [InlineData(700, "A")]
    [InlineData(600, "A")]
    [InlineData(599.999, "B")]
    [InlineData(550, "B")]
    [InlineData(549.99, "C")]
    [InlineData(500, "C")]
    [InlineData(499.5, "D")]
    [InlineData(0, "D")]
    [InlineData(-50, "D")]
    public void GradeOf_ScoreAtACutOffGetsThatGrade_BelowItTheNext(double score, string grade) =>
        Assert.Equal(grade, TestPolicy.Create().GradeOf(score).Grade);

    [Fact]
    public void Assess_ScoreExactlyAtTheApproveCutOff_IsGradeAAndPricedAsA()
    {
        var assessment = TestPolicy.Create().Assess(TestPolicy.Merchant(), TestPolicy.Model(600, 0.05), TestPolicy.Now);

        Assert.Equal("A", assessment.Grade!.Grade);
        Assert.Equal(0.0005m, assessment.DailyRate);
        Assert.Equal(0.9m, assessment.OrderAdvanceRate);
    }
}
