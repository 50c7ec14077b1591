using Microcredit.Scoring.Models.Data;
using Microcredit.Scoring.Models.Scoring;

namespace Microcredit.Scoring.Tests.Models.Scoring;

public class ScorecardScorerTests
{
    private const string Csv = """
        age,region,f3,f4,f5
        20,east,-1,-1,-1
        30,north,0,0,0
        49.999,south,1,1,1
        50,,NA,2,-5
        -1,west,-2,,3
        """;

    private static ScoredRows ScoreCsv() =>
        ScoredRows.Score(HandModel.Create(), CsvTabularReader.Read(new StringReader(Csv), "hand.csv", new CsvReadOptions
        {
            Kinds = new Dictionary<string, ColumnKind> { ["region"] = ColumnKind.Categorical },
        }));

    [Fact]
    public void Score_AddsTheBinPointsToTheBase()
    {
        var scored = ScoreCsv();

        // Row 1: 500 − 10 (age < 30) − 5 (unseen region → other) − 3 − 4 − 10.
        // Row 2: 500 + 5 + 10 + 3 + 4 + 10. Row 3: 500 + 5 − 5 + 3 + 4 + 10.
        // Row 4: 500 + 15 − 8 (missing) + 0 (missing) + 4 − 10. Row 5: 500 − 20 (special) − 5 − 3 + 0 + 10.
        Assert.Equal([468.0, 532, 517, 501, 482], scored.Scores);
    }

    [Fact]
    public void Explain_GivesAtMostFourReasonsLargestLossFirst()
    {
        var scored = ScoreCsv();
        var names = HandModel.Create().Schema.Features.Select(f => f.Name).ToArray();

        // Row 1 loses: age 25 (15 − (−10)), region 15, f3 6, f4 8, f5 20 → the four largest.
        var reasons = scored.Reasons[0].Select(r => (names[r.Feature], r.Points)).ToArray();
        Assert.Equal([("age", 25.0), ("f5", 20.0), ("region", 15.0), ("f4", 8.0)], reasons);

        // Row 2 is in every feature's best bin but age's (5 against 15).
        Assert.Equal([(0, 10.0)], scored.Reasons[1].Select(r => (r.Feature, r.Points)));

        // Row 3 (age 49.999, south) loses on age 10 and region 15: region first.
        Assert.Equal([("region", 15.0), ("age", 10.0)], scored.Reasons[2].Select(r => (names[r.Feature], r.Points)));
    }

    [Fact]
    public void Pd_FollowsTheCalibrationOfTheScoreMargin()
    {
        var scorer = HandModel.Create().CreateScorer();

        // 600 points is odds 50:1, so with the identity calibration pd = 1/51.
        Assert.Equal(1.0 / 51, scorer.Pd(600), 12);
    }

    [Fact]
    public void Score_OneRow_DoesNotAllocate()
    {
        var scorer = HandModel.Create().CreateScorer();
        double[] row = [20, 2, -1, -1, -1];
        Span<Reason> reasons = stackalloc Reason[4];
        scorer.Score(row);
        scorer.Explain(row, reasons);

        var before = GC.GetAllocatedBytesForCurrentThread();
        double total = 0;
        for (var i = 0; i < 1000; i++)
        {
            total += scorer.Score(row) + scorer.Pd(total % 600) + scorer.Explain(row, reasons);
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
        Assert.True(total > 0);
    }
}
