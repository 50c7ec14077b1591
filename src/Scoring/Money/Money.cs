namespace Microcredit.Scoring.Money;

/// <summary>
/// An amount of the deployment's one currency, exact to the cent. Stored in the database as
/// integer minor units (cents) so that sums and comparisons are exact on every engine.
/// Rounding, wherever a computation yields fractions of a cent, is half away from zero.
/// </summary>
public readonly record struct Money(decimal Amount) : IComparable<Money>
{
    /// <summary>Decimal places of the minor unit (cents). One currency per deployment; all supported ones use 2.</summary>
    public const int Decimals = 2;

    public static Money Zero => default;

    /// <summary>An amount from integer minor units as stored in the database.</summary>
    public static Money FromMinor(long minor) => new(minor / 100m);

    /// <summary>Rounds to the cent, half away from zero.</summary>
    public static Money Round(decimal amount) => new(decimal.Round(amount, Decimals, MidpointRounding.AwayFromZero));

    /// <summary>Integer minor units; throws when the amount has fractions of a cent.</summary>
    public long ToMinor()
    {
        var scaled = Amount * 100m;
        if (scaled != decimal.Truncate(scaled))
        {
            throw new InvalidOperationException($"{Amount} has more than {Decimals} decimals.");
        }

        return checked((long)scaled);
    }

    public int CompareTo(Money other) => Amount.CompareTo(other.Amount);

    public static Money operator +(Money a, Money b) => new(a.Amount + b.Amount);

    public static Money operator -(Money a, Money b) => new(a.Amount - b.Amount);

    public static bool operator <(Money a, Money b) => a.Amount < b.Amount;

    public static bool operator >(Money a, Money b) => a.Amount > b.Amount;

    public static bool operator <=(Money a, Money b) => a.Amount <= b.Amount;

    public static bool operator >=(Money a, Money b) => a.Amount >= b.Amount;

    public override string ToString() => Amount.ToString("0.00", System.Globalization.CultureInfo.InvariantCulture);
}
