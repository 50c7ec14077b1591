using System.ComponentModel.DataAnnotations;

namespace Microcredit.Scoring.Models.Selection;

/// <summary>Thresholds of the feature selection.</summary>
public sealed record SelectionOptions
{
    /// <summary>Features with an information value below this are dropped (0.02 is "not predictive" in the usual rule of thumb).</summary>
    [Range(0.0, 10.0)]
    public double MinIv { get; init; } = 0.02;

    /// <summary>A feature whose WoE correlates beyond this (absolute Pearson) with a stronger selected one is dropped.</summary>
    [Range(0.0, 1.0)]
    public double MaxCorrelation { get; init; } = 0.8;

    /// <summary>Features are dropped, highest VIF first, until every variance inflation factor is at most this.</summary>
    [Range(1.0, 1000.0)]
    public double MaxVif { get; init; } = 10;
}
