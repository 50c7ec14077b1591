namespace Microcredit.Scoring.Models.Binning;

/// <summary>What a bin holds.</summary>
public enum BinKind
{
    /// <summary>Numbers in [<see cref="Bin.Lower"/>, <see cref="Bin.Upper"/>); a null bound is unbounded.</summary>
    Range,

    /// <summary>Listed category labels (and, when <see cref="Bin.Other"/>, every label not listed anywhere).</summary>
    Values,

    /// <summary>Missing values (empty or <c>NA</c>); present in every binning, possibly empty.</summary>
    Missing,

    /// <summary>One declared special value of a numeric column (e.g. −1 for "no history").</summary>
    Special,
}
