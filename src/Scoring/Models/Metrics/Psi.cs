namespace Microcredit.Scoring.Models.Metrics;

/// <summary>
/// Population stability index between an expected (training) and an actual distribution over the
/// same bins: Σ (a − e)·ln(a / e) over bin shares. Shares below <see cref="Floor"/> are raised to
/// it, so an empty bin adds a large but finite term.
/// </summary>
public static class Psi
{
    public const double Floor = 1e-4;

    /// <summary>PSI from counts (or shares) per bin; both arrays have one entry per bin.</summary>
    public static double FromCounts(ReadOnlySpan<double> expected, ReadOnlySpan<double> actual)
    {
        if (expected.Length != actual.Length || expected.Length == 0)
        {
            throw new ArgumentException("PSI needs the same, non-zero number of bins on both sides.", nameof(actual));
        }

        double expectedTotal = 0, actualTotal = 0;
        for (var i = 0; i < expected.Length; i++)
        {
            expectedTotal += expected[i];
            actualTotal += actual[i];
        }

        double psi = 0;
        for (var i = 0; i < expected.Length; i++)
        {
            var e = Math.Max(expected[i] / expectedTotal, Floor);
            var a = Math.Max(actual[i] / actualTotal, Floor);
            psi += (a - e) * Math.Log(a / e);
        }

        return psi;
    }

    /// <summary>
    /// PSI between two samples of a continuous value, binned at the expected sample's deciles
    /// (<paramref name="bins"/> equal-count groups; a bin is [edge<sub>k−1</sub>, edge<sub>k</sub>)).
    /// </summary>
    public static double FromSamples(ReadOnlySpan<double> expected, ReadOnlySpan<double> actual, int bins = 10)
    {
        var edges = QuantileEdges(expected, bins);
        return FromCounts(Histogram(expected, edges), Histogram(actual, edges));
    }

    /// <summary>Distinct interior cut points at the equal-count quantiles of <paramref name="values"/>.</summary>
    public static double[] QuantileEdges(ReadOnlySpan<double> values, int bins)
    {
        var sorted = values.ToArray();
        Array.Sort(sorted);
        var edges = new List<double>();
        for (var k = 1; k < bins; k++)
        {
            var cut = sorted[(int)((long)sorted.Length * k / bins)];
            if (cut > sorted[0] && (edges.Count == 0 || cut > edges[^1]))
            {
                edges.Add(cut);
            }
        }

        return [.. edges];
    }

    /// <summary>Counts per bin of <paramref name="edges"/>: bin k holds edge[k−1] ≤ x &lt; edge[k].</summary>
    public static double[] Histogram(ReadOnlySpan<double> values, ReadOnlySpan<double> edges)
    {
        var counts = new double[edges.Length + 1];
        foreach (var value in values)
        {
            var index = edges.BinarySearch(value);
            counts[index >= 0 ? index + 1 : ~index]++;
        }

        return counts;
    }
}
