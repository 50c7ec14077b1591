using Microcredit.Scoring.Models.Metrics;

namespace Microcredit.Scoring.Tests.Models.Metrics;

public class RocCurveTests
{
    [Fact]
    public void Compute_StepsOnePointPerDistinctRisk_HighestFirst()
    {
        // Highest risk first: 0.8 (event), 0.4 (non-event), 0.35 (event), 0.1 (non-event).
        var points = RocCurve.Compute([0.1, 0.4, 0.35, 0.8], [0, 0, 1, 1]);

        Assert.Equal(
            [new RocPoint(double.PositiveInfinity, 0, 0), new RocPoint(0.8, 0, 0.5), new RocPoint(0.4, 0.5, 0.5), new RocPoint(0.35, 0.5, 1), new RocPoint(0.1, 1, 1)],
            points);
        Assert.Equal(0.75, RocCurve.Area(points), 12);
    }

    [Fact]
    public void Compute_Ties_MoveDiagonallyAndKeepTheAreaOfAuc()
    {
        double[] risk = [1, 2, 2, 3, 3, 3];
        int[] labels = [0, 1, 0, 1, 0, 1];

        var points = RocCurve.Compute(risk, labels);

        Assert.Equal(4, points.Count);
        Assert.Equal(Auc.Compute(risk, labels), RocCurve.Area(points), 12);
        Assert.Equal(KolmogorovSmirnov.Compute(risk, labels), points.Max(p => p.Tpr - p.Fpr), 12);
    }
}
