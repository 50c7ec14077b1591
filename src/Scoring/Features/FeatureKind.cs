namespace Microcredit.Scoring.Features;

/// <summary>How a feature's value is represented, stored and exported.</summary>
public enum FeatureKind
{
    /// <summary>An amount of money, computed exactly in integer cents; stored BIGINT cents, exported with 2 decimals.</summary>
    Money,

    /// <summary>A whole number (a count, or whole days); stored BIGINT, exported as an integer.</summary>
    Count,

    /// <summary>A ratio or a fractional number of days; stored as an 8-byte float, exported round-trip exact.</summary>
    Real,
}
