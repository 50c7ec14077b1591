namespace Microcredit.Scoring.Features;

/// <summary>Conversions between the double a feature row holds and its stored and exported forms.</summary>
public static class FeatureValues
{
    /// <summary>Whole cents held as a double, back to money; null for NaN.</summary>
    public static Money.Money? ToMoney(double cents) => double.IsNaN(cents) ? null : Money.Money.FromMinor(checked((long)cents));

    /// <summary>A count or money value as stored (BIGINT); null for NaN.</summary>
    public static long? ToInteger(double value) => double.IsNaN(value) ? null : checked((long)value);

    /// <summary>
    /// The export text of a value: empty when missing, money with 2 decimals, counts as integers,
    /// reals in the shortest form that reads back to the same double.
    /// </summary>
    public static string Format(FeatureKind kind, double value) => double.IsNaN(value)
        ? ""
        : kind switch
        {
            FeatureKind.Money => Money.Money.FromMinor(checked((long)value)).ToString(),
            FeatureKind.Count => checked((long)value).ToString(System.Globalization.CultureInfo.InvariantCulture),
            _ => value.ToString("R", System.Globalization.CultureInfo.InvariantCulture),
        };
}
