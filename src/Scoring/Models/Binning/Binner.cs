using Microcredit.Scoring.Models.Data;

namespace Microcredit.Scoring.Models.Binning;

/// <summary>Fits the binning of a column, or re-counts a given (hand-made) binning on new rows.</summary>
public static class Binner
{
    /// <summary>Automatic binning of <paramref name="column"/> against 0/1 <paramref name="labels"/>.</summary>
    public static FeatureBinning Fit(TabularColumn column, int[] labels, BinningOptions options) =>
        column.Kind == ColumnKind.Numeric
            ? NumericBinner.Fit(column.Name, column.NumberValues, labels, options)
            : CategoricalBinner.Fit(column.Name, column.LabelValues, labels, options);

    /// <summary>
    /// The bins of <paramref name="shape"/> (bounds, labels, specials) with counts, WoE and IV
    /// recomputed on <paramref name="column"/>: how a binning read from a file is honoured.
    /// </summary>
    public static FeatureBinning Count(FeatureBinning shape, TabularColumn column, int[] labels)
    {
        if (column.Kind != shape.Kind)
        {
            throw new ModelDataException($"Column '{column.Name}' is {column.Kind.ToString().ToLowerInvariant()}, its binning {shape.Kind.ToString().ToLowerInvariant()}.");
        }

        var assigned = shape.Assign(column);
        var counts = new int[shape.Bins.Count];
        var events = new int[shape.Bins.Count];
        var totalEvents = 0;
        for (var i = 0; i < assigned.Length; i++)
        {
            counts[assigned[i]]++;
            events[assigned[i]] += labels[i];
            totalEvents += labels[i];
        }

        var counted = shape.Bins.Select((b, k) => b with { Count = counts[k], Events = events[k] });
        var bins = WeightOfEvidence.Apply(counted, assigned.Length, totalEvents, out var iv);
        return shape with { Bins = bins, Iv = iv };
    }
}
