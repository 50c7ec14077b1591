namespace Microcredit.Scoring.Models.Data;

/// <summary>How a column's values are read: as numbers, or as category labels.</summary>
public enum ColumnKind
{
    /// <summary>Numbers (invariant culture, <c>.</c> decimal point); missing is <see cref="double.NaN"/>.</summary>
    Numeric,

    /// <summary>Text labels compared as ordinal strings; missing is <c>null</c>.</summary>
    Categorical,
}
