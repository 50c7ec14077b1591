using Microcredit.Scoring.Models.Data;

namespace Microcredit.Scoring.Models.Binning;

/// <summary>
/// Groups the labels of a categorical column: labels under the rare share are pooled into "other",
/// the rest (and the pool) are ordered by event rate and merged as ordered pre-bins by
/// <see cref="MonotoneMerger"/>, so each group is a set of labels of similar risk.
/// </summary>
internal static class CategoricalBinner
{
    private const string Pool = "\0other";

    public static FeatureBinning Fit(string name, string?[] labels, int[] targets, BinningOptions options)
    {
        var stats = new Dictionary<string, (int Rows, int Events)>(StringComparer.Ordinal);
        for (var i = 0; i < labels.Length; i++)
        {
            if (labels[i] is { } label)
            {
                var (rows, events) = stats.GetValueOrDefault(label);
                stats[label] = (rows + 1, events + targets[i]);
            }
        }

        var rareBelow = options.RareCategoryShare * labels.Length;
        var units = new Dictionary<string, (int Rows, int Events, List<string> Labels)>(StringComparer.Ordinal);
        foreach (var (label, (rows, events)) in stats.OrderBy(s => s.Key, StringComparer.Ordinal))
        {
            var key = rows < rareBelow ? Pool : label;
            if (!units.TryGetValue(key, out var unit))
            {
                unit = (0, 0, []);
            }

            unit.Labels.Add(label);
            units[key] = (unit.Rows + rows, unit.Events + events, unit.Labels);
        }

        // Order by event rate; ties by label so the order is deterministic.
        var ordered = units
            .OrderBy(u => (double)u.Value.Events / u.Value.Rows)
            .ThenBy(u => u.Key, StringComparer.Ordinal)
            .ToList();
        var counts = ordered.Select(u => u.Value.Rows).ToArray();
        var unitEvents = ordered.Select(u => u.Value.Events).ToArray();
        var minRows = (int)Math.Ceiling(options.MinBinShare * labels.Length);
        var starts = ordered.Count == 0
            ? []
            : MonotoneMerger.Merge(counts, unitEvents, labels.Length, targets.Sum(), minRows, options.MinBinEvents, increasing: true) ?? [0];

        var bins = new List<Bin>();
        for (var g = 0; g < starts.Length; g++)
        {
            var end = g + 1 < starts.Length ? starts[g + 1] : ordered.Count;
            var group = ordered.Skip(starts[g]).Take(end - starts[g]).ToList();
            bins.Add(new Bin
            {
                Kind = BinKind.Values,
                Values = [.. group.SelectMany(u => u.Value.Labels).Order(StringComparer.Ordinal)],
                Other = group.Any(u => u.Key == Pool),
            });
        }

        bins.Add(new Bin { Kind = BinKind.Missing });
        var shape = new FeatureBinning { Feature = name, Kind = ColumnKind.Categorical, Trend = "category", Bins = bins };
        return Binner.Count(shape, TabularColumn.Categorical(name, labels), targets);
    }
}
