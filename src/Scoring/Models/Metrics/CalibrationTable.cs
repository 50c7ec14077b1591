namespace Microcredit.Scoring.Models.Metrics;

/// <summary>One group of a calibration table: rows of similar predicted probability.</summary>
/// <param name="Group">1 for the lowest predictions.</param>
/// <param name="Count">Rows in the group.</param>
/// <param name="MeanPd">Mean predicted probability.</param>
/// <param name="EventRate">Observed share of events.</param>
public sealed record CalibrationRow(int Group, int Count, double MeanPd, double EventRate);

/// <summary>Predicted against observed event rates by equal-count groups of the prediction (deciles by default).</summary>
public static class CalibrationTable
{
    /// <summary>
    /// Sorts rows by <paramref name="pd"/> and cuts them into <paramref name="groups"/> groups of
    /// equal count (the first groups take the remainder); ties are kept in one group, so a group may
    /// grow and a later one stay empty (empty groups are left out).
    /// </summary>
    public static IReadOnlyList<CalibrationRow> Compute(ReadOnlySpan<double> pd, ReadOnlySpan<int> labels, int groups = 10)
    {
        Auc.Check(pd, labels);
        ArgumentOutOfRangeException.ThrowIfLessThan(groups, 1);
        var order = Auc.SortedOrder(pd);
        var rows = new List<CalibrationRow>();
        var start = 0;
        for (var g = 0; g < groups && start < order.Length; g++)
        {
            var end = (int)((long)order.Length * (g + 1) / groups);
            if (end <= start)
            {
                continue;
            }

            while (end < order.Length && pd[order[end]] == pd[order[end - 1]])
            {
                end++;
            }

            double sumPd = 0, events = 0;
            for (var k = start; k < end; k++)
            {
                sumPd += pd[order[k]];
                events += labels[order[k]];
            }

            rows.Add(new CalibrationRow(rows.Count + 1, end - start, sumPd / (end - start), events / (end - start)));
            start = end;
        }

        return rows;
    }
}
