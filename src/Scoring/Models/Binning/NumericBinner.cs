using Microcredit.Scoring.Models.Data;

namespace Microcredit.Scoring.Models.Binning;

/// <summary>
/// Optimal monotone binning of a numeric column: pre-bins at quantiles (one per distinct value when
/// there are few), merged by <see cref="MonotoneMerger"/> under an increasing and a decreasing
/// trend, keeping the trend of higher IV. Missing and special values get bins of their own.
/// </summary>
internal static class NumericBinner
{
    public static FeatureBinning Fit(string name, double[] values, int[] labels, BinningOptions options)
    {
        var specials = options.Special.TryGetValue(name, out var declared) ? declared.Distinct().Order().ToArray() : [];
        var regular = new List<(double Value, int Label)>(values.Length);
        for (var i = 0; i < values.Length; i++)
        {
            if (!double.IsNaN(values[i]) && Array.IndexOf(specials, values[i]) < 0)
            {
                regular.Add((values[i], labels[i]));
            }
        }

        regular.Sort((a, b) => a.Value.CompareTo(b.Value));
        var cuts = PreBinCuts(regular, options.PreBins);
        var m = cuts.Count + 1;
        var counts = new int[m];
        var events = new int[m];
        var bin = 0;
        foreach (var (value, label) in regular)
        {
            while (bin < cuts.Count && value >= cuts[bin])
            {
                bin++;
            }

            counts[bin]++;
            events[bin] += label;
        }

        var totalEvents = labels.Sum();
        var minRows = (int)Math.Ceiling(options.MinBinShare * values.Length);
        var up = MonotoneMerger.Merge(counts, events, values.Length, totalEvents, minRows, options.MinBinEvents, increasing: true);
        var down = MonotoneMerger.Merge(counts, events, values.Length, totalEvents, minRows, options.MinBinEvents, increasing: false);
        var upIv = IvOf(up, counts, events, values.Length, totalEvents);
        var downIv = IvOf(down, counts, events, values.Length, totalEvents);
        var starts = (up, down) switch
        {
            (null, null) => [0],
            (_, null) => up,
            (null, _) => down,
            _ => downIv > upIv ? down : up,
        };
        var trend = starts.Length == 1 ? "none" : ReferenceEquals(starts, down) ? "decreasing" : "increasing";

        var bins = new List<Bin>();
        for (var g = 0; g < starts.Length; g++)
        {
            var first = starts[g];
            var last = g + 1 < starts.Length ? starts[g + 1] - 1 : m - 1;
            bins.Add(new Bin
            {
                Kind = BinKind.Range,
                Lower = g == 0 ? null : cuts[first - 1],
                Upper = g + 1 < starts.Length ? cuts[last] : null,
            });
        }

        foreach (var special in specials)
        {
            bins.Add(new Bin { Kind = BinKind.Special, Value = special });
        }

        bins.Add(new Bin { Kind = BinKind.Missing });
        var shape = new FeatureBinning { Feature = name, Kind = ColumnKind.Numeric, Trend = trend, Bins = bins };
        return Binner.Count(shape, TabularColumn.Numeric(name, values), labels);
    }

    /// <summary>Distinct cut points c such that pre-bin k holds c[k−1] ≤ x &lt; c[k].</summary>
    private static List<double> PreBinCuts(List<(double Value, int Label)> sorted, int preBins)
    {
        var cuts = new List<double>();
        if (sorted.Count == 0)
        {
            return cuts;
        }

        var distinct = new List<double>();
        foreach (var (value, _) in sorted)
        {
            if (distinct.Count == 0 || value > distinct[^1])
            {
                distinct.Add(value);
            }
        }

        if (distinct.Count <= preBins)
        {
            cuts.AddRange(distinct.Skip(1));
            return cuts;
        }

        for (var k = 1; k < preBins; k++)
        {
            var cut = sorted[(int)((long)sorted.Count * k / preBins)].Value;
            if (cut > sorted[0].Value && (cuts.Count == 0 || cut > cuts[^1]))
            {
                cuts.Add(cut);
            }
        }

        return cuts;
    }

    private static double IvOf(int[]? starts, int[] counts, int[] events, int totalRows, int totalEvents)
    {
        if (starts is null)
        {
            return double.NegativeInfinity;
        }

        double iv = 0;
        for (var g = 0; g < starts.Length; g++)
        {
            var end = g + 1 < starts.Length ? starts[g + 1] : counts.Length;
            double rows = 0, bad = 0;
            for (var k = starts[g]; k < end; k++)
            {
                rows += counts[k];
                bad += events[k];
            }

            iv += WeightOfEvidence.IvTerm(rows - bad, bad, totalRows - totalEvents, totalEvents);
        }

        return iv;
    }
}
