namespace Microcredit.Scoring.Models.Binning;

/// <summary>
/// Merges ordered pre-bins into consecutive groups that maximize the information value subject to
/// a strictly monotone event rate across groups and minimum size and event counts per group, by
/// dynamic programming over (first, last) pre-bin of the final group: exact, O(m³) in pre-bins.
/// </summary>
internal static class MonotoneMerger
{
    /// <summary>
    /// Group boundaries: the index of the first pre-bin of each group, ascending (starts with 0).
    /// Null when no grouping satisfies the constraints.
    /// </summary>
    public static int[]? Merge(ReadOnlySpan<int> counts, ReadOnlySpan<int> events, int totalRows, int totalEvents, int minRows, int minEvents, bool increasing)
    {
        var m = counts.Length;
        var rowPrefix = new long[m + 1];
        var eventPrefix = new long[m + 1];
        for (var i = 0; i < m; i++)
        {
            rowPrefix[i + 1] = rowPrefix[i] + counts[i];
            eventPrefix[i + 1] = eventPrefix[i] + events[i];
        }

        double totalGood = totalRows - totalEvents, totalBad = totalEvents;
        var best = new double[m, m];
        var previous = new int[m, m];
        for (var j = 0; j < m; j++)
        {
            for (var i = 0; i <= j; i++)
            {
                best[i, j] = double.NegativeInfinity;
                var rows = rowPrefix[j + 1] - rowPrefix[i];
                var bad = eventPrefix[j + 1] - eventPrefix[i];
                var good = rows - bad;
                if (rows < minRows || bad < minEvents || good < minEvents)
                {
                    continue;
                }

                var iv = WeightOfEvidence.IvTerm(good, bad, totalGood, totalBad);
                var rate = (double)bad / rows;
                if (i == 0)
                {
                    best[i, j] = iv;
                    previous[i, j] = -1;
                    continue;
                }

                for (var k = 0; k < i; k++)
                {
                    if (double.IsNegativeInfinity(best[k, i - 1]))
                    {
                        continue;
                    }

                    var before = (double)(eventPrefix[i] - eventPrefix[k]) / (rowPrefix[i] - rowPrefix[k]);
                    var monotone = increasing ? rate > before : rate < before;
                    if (monotone && best[k, i - 1] + iv > best[i, j])
                    {
                        best[i, j] = best[k, i - 1] + iv;
                        previous[i, j] = k;
                    }
                }
            }
        }

        var last = -1;
        var bestIv = double.NegativeInfinity;
        for (var i = 0; i < m; i++)
        {
            if (best[i, m - 1] > bestIv)
            {
                bestIv = best[i, m - 1];
                last = i;
            }
        }

        if (last < 0)
        {
            return null;
        }

        var starts = new List<int>();
        var end = m - 1;
        var start = last;
        while (start >= 0)
        {
            starts.Add(start);
            var k = previous[start, end];
            end = start - 1;
            start = k;
        }

        starts.Reverse();
        return [.. starts];
    }
}
