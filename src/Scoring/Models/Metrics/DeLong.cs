namespace Microcredit.Scoring.Models.Metrics;

/// <summary>
/// DeLong's test of two correlated AUCs (two models scored on the same rows): the difference
/// <c>AucB − AucA</c>, its standard error from the structural components (placement values) of
/// DeLong, DeLong &amp; Clarke-Pearson (1988), a two-sided normal p-value and a 95 % interval.
/// </summary>
public sealed record DeLongResult(double AucA, double AucB, double Difference, double StandardError, double Z, double P, double Lower, double Upper);

/// <summary>DeLong's paired AUC comparison, computed with midranks in O(n log n) (Sun &amp; Xu, 2014).</summary>
public static class DeLong
{
    /// <summary>The 97.5 % quantile of the standard normal: a 95 % two-sided interval.</summary>
    public const double Z95 = 1.959963984540054;

    /// <summary>Compares <paramref name="riskB"/> with <paramref name="riskA"/> (higher = more likely an event) on the same labels.</summary>
    /// <exception cref="ArgumentException">Lengths differ, a score is NaN, or a class has fewer than two rows.</exception>
    public static DeLongResult Compare(ReadOnlySpan<double> riskA, ReadOnlySpan<double> riskB, ReadOnlySpan<int> labels)
    {
        Auc.Check(riskA, labels);
        Auc.Check(riskB, labels);
        var (a10, a01) = Placements(riskA, labels);
        var (b10, b01) = Placements(riskB, labels);
        if (a10.Length < 2 || a01.Length < 2)
        {
            throw new ArgumentException("DeLong's test needs at least two events and two non-events.", nameof(labels));
        }

        double aucA = Mean(a10), aucB = Mean(b10);
        var difference = aucB - aucA;
        var variance = ((Covariance(a10, a10) + Covariance(b10, b10) - (2 * Covariance(a10, b10))) / a10.Length)
            + ((Covariance(a01, a01) + Covariance(b01, b01) - (2 * Covariance(a01, b01))) / a01.Length);
        var se = Math.Sqrt(Math.Max(variance, 0));
        var z = se > 0 ? difference / se : difference == 0 ? 0 : double.PositiveInfinity * Math.Sign(difference);
        var p = se > 0 ? Erfc(Math.Abs(z) / Math.Sqrt(2)) : difference == 0 ? 1 : 0;
        return new DeLongResult(aucA, aucB, difference, se, z, p, difference - (Z95 * se), difference + (Z95 * se));
    }

    /// <summary>
    /// Per event, the share of non-events it outranks (ties count half); per non-event, the share of
    /// events that outrank it. Their means are both the AUC.
    /// </summary>
    private static (double[] V10, double[] V01) Placements(ReadOnlySpan<double> risk, ReadOnlySpan<int> labels)
    {
        var positives = new List<double>();
        var negatives = new List<double>();
        for (var i = 0; i < risk.Length; i++)
        {
            (labels[i] == 1 ? positives : negatives).Add(risk[i]);
        }

        double m = positives.Count, n = negatives.Count;
        var combined = MidRanks([.. positives, .. negatives]);
        var withinPositives = MidRanks([.. positives]);
        var withinNegatives = MidRanks([.. negatives]);
        var v10 = new double[positives.Count];
        for (var i = 0; i < v10.Length; i++)
        {
            v10[i] = (combined[i] - withinPositives[i]) / n;
        }

        var v01 = new double[negatives.Count];
        for (var j = 0; j < v01.Length; j++)
        {
            v01[j] = 1 - ((combined[positives.Count + j] - withinNegatives[j]) / m);
        }

        return (v10, v01);
    }

    /// <summary>1-based ranks with ties given their mean rank.</summary>
    private static double[] MidRanks(double[] values)
    {
        var order = Auc.SortedOrder(values);
        var ranks = new double[values.Length];
        var i = 0;
        while (i < order.Length)
        {
            var j = i;
            while (j < order.Length && values[order[j]] == values[order[i]])
            {
                j++;
            }

            for (var k = i; k < j; k++)
            {
                ranks[order[k]] = (i + 1 + j) / 2.0;
            }

            i = j;
        }

        return ranks;
    }

    private static double Mean(double[] values) => values.Average();

    private static double Covariance(double[] x, double[] y)
    {
        double mx = Mean(x), my = Mean(y), sum = 0;
        for (var i = 0; i < x.Length; i++)
        {
            sum += (x[i] - mx) * (y[i] - my);
        }

        return sum / (x.Length - 1);
    }

    /// <summary>The complementary error function (Numerical Recipes' Chebyshev fit, relative error below 1.2e-7).</summary>
    internal static double Erfc(double x)
    {
        var z = Math.Abs(x);
        var t = 1 / (1 + (0.5 * z));
        double[] c = [-1.26551223, 1.00002368, 0.37409196, 0.09678418, -0.18628806, 0.27886807, -1.13520398, 1.48851587, -0.82215223, 0.17087277];
        var poly = 0.0;
        for (var k = c.Length - 1; k >= 0; k--)
        {
            poly = c[k] + (t * poly);
        }

        var r = t * Math.Exp(-(z * z) + poly);
        return x >= 0 ? r : 2 - r;
    }
}
