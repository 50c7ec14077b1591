using System.Text.Json.Serialization;

namespace Microcredit.Scoring.Models.Binning;

/// <summary>
/// One bin of a feature with its training counts and weight of evidence.
/// WoE = ln(share of non-events in the bin / share of events in the bin): positive is safer than
/// average. A bin with no rows has WoE 0; a bin lacking events or non-events adds 0.5 to both counts.
/// </summary>
public sealed record Bin
{
    public required BinKind Kind { get; init; }

    /// <summary>Inclusive lower bound of a range; null = −∞.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public double? Lower { get; init; }

    /// <summary>Exclusive upper bound of a range; null = +∞.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public double? Upper { get; init; }

    /// <summary>The special value of a <see cref="BinKind.Special"/> bin.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public double? Value { get; init; }

    /// <summary>The labels of a <see cref="BinKind.Values"/> bin, ordinal order.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<string>? Values { get; init; }

    /// <summary>This values bin also takes labels seen rarely or never in training.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public bool Other { get; init; }

    /// <summary>Training rows in the bin.</summary>
    public int Count { get; init; }

    /// <summary>Training events (target = 1) in the bin.</summary>
    public int Events { get; init; }

    public double Woe { get; init; }

    /// <summary>This bin's term of the feature's information value.</summary>
    public double Iv { get; init; }

    /// <summary>A short label such as <c>[10, 25)</c>, <c>missing</c> or <c>{A11, A12}</c>.</summary>
    public string Describe() => Kind switch
    {
        BinKind.Missing => "missing",
        BinKind.Special => $"= {Value!.Value.ToString("R", System.Globalization.CultureInfo.InvariantCulture)}",
        BinKind.Range => $"[{Format(Lower, "-inf")}, {Format(Upper, "+inf")})",
        _ => "{" + string.Join(", ", Values ?? []) + (Other ? ", other" : "") + "}",
    };

    private static string Format(double? bound, string infinity) =>
        bound?.ToString("R", System.Globalization.CultureInfo.InvariantCulture) ?? infinity;
}
