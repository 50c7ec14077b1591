using Microcredit.Scoring.Models.Calibration;
using Microcredit.Scoring.Models.Data;
using Microcredit.Scoring.Models.Scorecard;
using Microcredit.Scoring.Models.Scoring;
using Microcredit.Scoring.Models.Trees;

namespace Microcredit.Scoring.Tests.Models.Trees;

public class TreeScorerTests
{
    private static readonly CalibrationMap Identity = new() { Method = CalibrationMethod.Platt, A = 1, B = 0 };

    private static FeatureSchema Schema(int features) =>
        FeatureSchema.Create([.. Enumerable.Range(0, features).Select(f => new FeatureSpec($"x{f}", ColumnKind.Numeric))]);

    [Theory]
    [InlineData(4, 0, false)]
    [InlineData(14, 0, false)]
    [InlineData(12, 40, true)]
    public void FlattenedWalks_EqualTheReferenceWalk_OneRowAndBatch(int depth, int maxLeaves, bool singlePrecision)
    {
        // Depth 14 (leaf-wise 40 leaves at depth 12) exceeds the padded layout: those trees take the pointer walk.
        var (rows, labels) = SyntheticRows.Create(4_000, 6, seed: 12);
        var trained = GbdtTrainer.Train(rows, 6, labels, new GbdtOptions { Trees = 25, MaxDepth = depth, MaxLeaves = maxLeaves, LearningRate = 0.3, MinChildWeight = 0 }, seed: 3);
        var ensemble = trained with { Float32Splits = singlePrecision };
        var scale = new PointsScale();
        var scorer = new TreeScorer(ensemble, Schema(6), scale, Identity);
        var count = 1_000;
        var scores = new double[count];
        var pds = new double[count];

        scorer.ScoreBatch(rows[..(count * 6)], scores, pds, threads: 2);

        for (var r = 0; r < count; r++)
        {
            var row = rows.AsSpan(r * 6, 6);
            var expected = ensemble.Margin(row);
            Assert.Equal(expected, scorer.Margin(row), 10);
            Assert.Equal(scale.ScoreOf(expected), scores[r], 8);
            Assert.Equal(1 / (1 + Math.Exp(-expected)), pds[r], 10);
        }
    }

    [Fact]
    public void Explain_GivesTheLargestAdverseContributionsInPoints()
    {
        var (rows, labels) = SyntheticRows.Create(3_000, 6, seed: 13);
        var ensemble = GbdtTrainer.Train(rows, 6, labels, new GbdtOptions { Trees = 20, MaxDepth = 4, LearningRate = 0.3 }, seed: 1);
        var scorer = new TreeScorer(ensemble, Schema(6), new PointsScale(), Identity);
        var phi = new double[6];
        Span<Reason> reasons = stackalloc Reason[ModelScorer.MaxReasons];

        for (var r = 0; r < 50; r++)
        {
            var row = rows.AsSpan(r * 6, 6);
            scorer.Shap.Contributions(row, phi);
            var expected = Enumerable.Range(0, 6).Where(f => phi[f] > 0).OrderByDescending(f => phi[f]).Take(4).ToList();

            var found = scorer.Explain(row, reasons);

            Assert.Equal(expected, reasons[..found].ToArray().Select(x => x.Feature));
            for (var k = 0; k < found; k++)
            {
                Assert.Equal(20 / Math.Log(2) * phi[reasons[k].Feature], reasons[k].Points, 9);
            }
        }
    }
}
