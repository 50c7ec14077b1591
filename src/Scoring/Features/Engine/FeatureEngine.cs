using Microcredit.Scoring.Features.History;

namespace Microcredit.Scoring.Features.Engine;

/// <summary>
/// Computes feature rows from an in-memory <see cref="MerchantHistory"/>: a single pass per
/// merchant, merchants in parallel, no database access. Deterministic: the same history gives
/// the same values whatever the thread count.
/// </summary>
public static class FeatureEngine
{
    /// <summary>One row per merchant registered before <paramref name="asOf"/> 00:00 UTC.</summary>
    public static FeatureMatrix ComputeAsOf(MerchantHistory history, DateOnly asOf)
    {
        ArgumentNullException.ThrowIfNull(history);
        var day = Days.Of(asOf);
        var start = Days.Start(day);
        var merchants = new List<int>();
        for (var m = 0; m < history.MerchantIds.Length; m++)
        {
            if (history.RegisteredAt[m] < start)
            {
                merchants.Add(m);
            }
        }

        var width = FeatureCatalog.Count;
        var values = new double[merchants.Count * width];
        Parallel.For(
            0,
            merchants.Count,
            () => new MerchantCalculator(),
            (i, _, calculator) =>
            {
                calculator.Compute(history, merchants[i], [day], values.AsSpan(i * width, width));
                return calculator;
            },
            _ => { });
        return new FeatureMatrix(asOf, [.. merchants.Select(m => history.MerchantIds[m])], values);
    }

    /// <summary>
    /// Rows for many as-of days per merchant in one visit each: <paramref name="daysByMerchant"/>[m]
    /// holds ascending, distinct day numbers (each after the merchant registered), and the result
    /// [m] holds their rows, <see cref="FeatureCatalog.Count"/> values per day.
    /// </summary>
    internal static double[][] ComputeMany(MerchantHistory history, int[][] daysByMerchant)
    {
        var width = FeatureCatalog.Count;
        var result = new double[daysByMerchant.Length][];
        Parallel.For(
            0,
            daysByMerchant.Length,
            () => new MerchantCalculator(),
            (m, _, calculator) =>
            {
                var days = daysByMerchant[m];
                result[m] = new double[days.Length * width];
                if (days.Length > 0)
                {
                    calculator.Compute(history, m, days, result[m]);
                }

                return calculator;
            },
            _ => { });
        return result;
    }
}
