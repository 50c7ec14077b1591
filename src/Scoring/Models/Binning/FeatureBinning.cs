using System.Text.Json.Serialization;
using Microcredit.Scoring.Models.Data;

namespace Microcredit.Scoring.Models.Binning;

/// <summary>
/// The bins of one feature: range bins in ascending order (numeric) or values bins (categorical),
/// then special-value bins, then exactly one missing bin. Assigns values to bins.
/// </summary>
public sealed record FeatureBinning
{
    public required string Feature { get; init; }

    public required ColumnKind Kind { get; init; }

    /// <summary><c>increasing</c> or <c>decreasing</c> (event rate along the ranges), <c>none</c> for one bin, <c>manual</c> when read from a file, <c>category</c> for categorical.</summary>
    public required string Trend { get; init; }

    /// <summary>Information value: Σ (share of non-events − share of events)·WoE over the bins.</summary>
    public double Iv { get; init; }

    public required IReadOnlyList<Bin> Bins { get; init; }

    /// <summary>Index of the missing bin.</summary>
    [JsonIgnore]
    public int MissingBin => IndexOf(BinKind.Missing);

    /// <summary>The bin of a categorical label never seen in training: the "other" bin if any, else missing.</summary>
    [JsonIgnore]
    public int UnseenBin
    {
        get
        {
            for (var b = 0; b < Bins.Count; b++)
            {
                if (Bins[b].Other)
                {
                    return b;
                }
            }

            return MissingBin;
        }
    }

    /// <summary>The bin of every row of <paramref name="column"/>.</summary>
    public int[] Assign(TabularColumn column)
    {
        var result = new int[column.Count];
        if (Kind == ColumnKind.Numeric)
        {
            var values = column.Numbers ?? throw new ModelDataException($"Column '{Feature}' is categorical, the binning numeric.");
            for (var i = 0; i < result.Length; i++)
            {
                result[i] = BinOf(values[i]);
            }
        }
        else
        {
            var labels = column.Labels ?? throw new ModelDataException($"Column '{Feature}' is numeric, the binning categorical (declare it --categorical).");
            var lookup = LabelLookup();
            var unseen = UnseenBin;
            var missing = MissingBin;
            for (var i = 0; i < result.Length; i++)
            {
                result[i] = labels[i] is { } label ? lookup.GetValueOrDefault(label, unseen) : missing;
            }
        }

        return result;
    }

    /// <summary>The bin of a number (NaN = missing).</summary>
    public int BinOf(double value)
    {
        if (double.IsNaN(value))
        {
            return MissingBin;
        }

        var lastRange = -1;
        for (var b = 0; b < Bins.Count; b++)
        {
            var bin = Bins[b];
            if (bin.Kind == BinKind.Special && bin.Value == value)
            {
                return b;
            }
        }

        for (var b = 0; b < Bins.Count; b++)
        {
            var bin = Bins[b];
            if (bin.Kind != BinKind.Range)
            {
                continue;
            }

            lastRange = b;
            if (bin.Upper is null || value < bin.Upper.Value)
            {
                return b;
            }
        }

        return lastRange >= 0 ? lastRange : MissingBin;
    }

    /// <summary>Label → bin for the values bins.</summary>
    public Dictionary<string, int> LabelLookup()
    {
        var lookup = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var b = 0; b < Bins.Count; b++)
        {
            foreach (var label in Bins[b].Values ?? [])
            {
                lookup[label] = b;
            }
        }

        return lookup;
    }

    private int IndexOf(BinKind kind)
    {
        for (var b = 0; b < Bins.Count; b++)
        {
            if (Bins[b].Kind == kind)
            {
                return b;
            }
        }

        throw new InvalidOperationException($"The binning of '{Feature}' has no {kind} bin.");
    }
}
