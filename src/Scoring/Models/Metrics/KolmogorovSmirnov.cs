namespace Microcredit.Scoring.Models.Metrics;

/// <summary>
/// The KS statistic: the largest gap between the cumulative score distributions of events and
/// non-events, evaluated only at distinct score values (a cut inside a group of ties is not a
/// threshold anyone could apply).
/// </summary>
public static class KolmogorovSmirnov
{
    /// <summary>KS of <paramref name="risk"/> (higher = more likely an event) against 0/1 labels, in [0, 1].</summary>
    public static double Compute(ReadOnlySpan<double> risk, ReadOnlySpan<int> labels)
    {
        Auc.Check(risk, labels);
        var order = Auc.SortedOrder(risk);
        var (positives, negatives) = Auc.Classes(labels, "KS needs both events and non-events.");

        long seenPositives = 0, seenNegatives = 0;
        double best = 0;
        var i = 0;
        while (i < order.Length)
        {
            var j = i;
            while (j < order.Length && risk[order[j]] == risk[order[i]])
            {
                if (labels[order[j]] == 1)
                {
                    seenPositives++;
                }
                else
                {
                    seenNegatives++;
                }

                j++;
            }

            best = Math.Max(best, Math.Abs(((double)seenPositives / positives) - ((double)seenNegatives / negatives)));
            i = j;
        }

        return best;
    }
}
