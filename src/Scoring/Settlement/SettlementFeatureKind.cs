namespace Microcredit.Scoring.Settlement;

/// <summary>How an order feature's value is represented in a row and in the data set CSV.</summary>
public enum SettlementFeatureKind
{
    /// <summary>An amount in CNY (cents / 100), exported with 2 decimals.</summary>
    Money,

    /// <summary>A whole number, exported as an integer.</summary>
    Count,

    /// <summary>A ratio or fractional hours, exported round-trip exact.</summary>
    Real,

    /// <summary>A label (the merchant's category); a categorical model input.</summary>
    Category,
}
