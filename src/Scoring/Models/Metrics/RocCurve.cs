namespace Microcredit.Scoring.Models.Metrics;

/// <summary>
/// One point of a ROC curve: rows with risk ≥ <see cref="Threshold"/> are flagged;
/// <see cref="Tpr"/> is the share of events flagged (the cumulative bad rate), <see cref="Fpr"/>
/// the share of non-events flagged (the cumulative good rate).
/// </summary>
public readonly record struct RocPoint(double Threshold, double Fpr, double Tpr);

/// <summary>
/// The ROC curve at every distinct risk value, from (0, 0) (nothing flagged, threshold +∞) to
/// (1, 1). Its trapezoidal area equals <see cref="Auc.Compute"/>, and the largest Tpr − Fpr over
/// its points equals <see cref="KolmogorovSmirnov.Compute"/>: the same points draw the KS curve.
/// </summary>
public static class RocCurve
{
    /// <summary>The curve of <paramref name="risk"/> (higher = more likely an event) against 0/1 labels.</summary>
    /// <exception cref="ArgumentException">Lengths differ, a score is NaN, or a class is absent.</exception>
    public static IReadOnlyList<RocPoint> Compute(ReadOnlySpan<double> risk, ReadOnlySpan<int> labels)
    {
        Auc.Check(risk, labels);
        var order = Auc.SortedOrder(risk);
        var (positives, negatives) = Auc.Classes(labels, "A ROC curve needs both events and non-events.");

        var points = new List<RocPoint> { new(double.PositiveInfinity, 0, 0) };
        long seenPositives = 0, seenNegatives = 0;

        // Highest risk first: walk the ascending order backwards, one step per group of ties.
        var i = order.Length - 1;
        while (i >= 0)
        {
            var value = risk[order[i]];
            while (i >= 0 && risk[order[i]] == value)
            {
                if (labels[order[i]] == 1)
                {
                    seenPositives++;
                }
                else
                {
                    seenNegatives++;
                }

                i--;
            }

            points.Add(new RocPoint(value, (double)seenNegatives / negatives, (double)seenPositives / positives));
        }

        return points;
    }

    /// <summary>The trapezoidal area under <paramref name="points"/> (in Fpr order).</summary>
    public static double Area(IReadOnlyList<RocPoint> points)
    {
        ArgumentNullException.ThrowIfNull(points);
        double area = 0;
        for (var k = 1; k < points.Count; k++)
        {
            area += (points[k].Fpr - points[k - 1].Fpr) * (points[k].Tpr + points[k - 1].Tpr) / 2;
        }

        return area;
    }
}
