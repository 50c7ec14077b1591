namespace Microcredit.Scoring.Features.Engine;

/// <summary>Percentiles by linear interpolation between order statistics (h = (n−1)p; R type 7, numpy's default).</summary>
public static class Percentile
{
    /// <summary>The p-quantile of ascending <paramref name="sorted"/>; NaN when empty.</summary>
    public static double OfSorted(ReadOnlySpan<double> sorted, double p)
    {
        if (sorted.Length == 0)
        {
            return double.NaN;
        }

        var h = (sorted.Length - 1) * p;
        var lo = (int)Math.Floor(h);
        var hi = Math.Min(lo + 1, sorted.Length - 1);
        return sorted[lo] + ((h - lo) * (sorted[hi] - sorted[lo]));
    }
}
