namespace Microcredit.Scoring.Money;

/// <summary>
/// Interest rates carry up to 6 decimals (a daily rate of 0.05% is 0.000500) and are stored in
/// the database as integer millionths, exact on every engine.
/// </summary>
public static class Rate
{
    public const int Decimals = 6;

    public static decimal FromMicros(long micros) => micros / 1_000_000m;

    /// <summary>Integer millionths; throws when the rate has more than 6 decimals.</summary>
    public static long ToMicros(decimal rate)
    {
        var scaled = rate * 1_000_000m;
        if (scaled != decimal.Truncate(scaled))
        {
            throw new ArgumentException($"Rate {rate} has more than {Decimals} decimals.", nameof(rate));
        }

        return checked((long)scaled);
    }
}
