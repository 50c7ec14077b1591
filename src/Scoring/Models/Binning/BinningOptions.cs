using System.ComponentModel.DataAnnotations;

namespace Microcredit.Scoring.Models.Binning;

/// <summary>Settings of the automatic binning.</summary>
public sealed record BinningOptions
{
    /// <summary>Quantile pre-bins before merging (a column with fewer distinct values uses one per value).</summary>
    [Range(2, 200)]
    public int PreBins { get; init; } = 20;

    /// <summary>Every range or values bin holds at least this share of the training rows.</summary>
    [Range(0.0, 0.5)]
    public double MinBinShare { get; init; } = 0.05;

    /// <summary>Every range or values bin holds at least this many events and as many non-events.</summary>
    [Range(1, int.MaxValue)]
    public int MinBinEvents { get; init; } = 5;

    /// <summary>Categories under this share of the rows are pooled into one "other" group.</summary>
    [Range(0.0, 0.5)]
    public double RareCategoryShare { get; init; } = 0.01;

    /// <summary>Declared special values per numeric column, each binned on its own.</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<double>> Special { get; init; } = new Dictionary<string, IReadOnlyList<double>>(StringComparer.Ordinal);
}
