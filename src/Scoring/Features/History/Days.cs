using Microcredit.Scoring.Storage;

namespace Microcredit.Scoring.Features.History;

/// <summary>
/// Day arithmetic on stored instants (Unix milliseconds, UTC). Windows end at midnight, so an
/// instant is before D 00:00 exactly when its UTC day number is below D's: comparisons on day
/// numbers are exact.
/// </summary>
public static class Days
{
    /// <summary>Milliseconds in a day.</summary>
    public const long Ms = 86_400_000;

    /// <summary>An absent timestamp: later than every as-of date, so "before D" is always false.</summary>
    public const long Never = long.MaxValue;

    private static readonly int EpochDayNumber = new DateOnly(1970, 1, 1).DayNumber;

    /// <summary>The UTC day (days since 1970-01-01) containing an instant.</summary>
    public static int Of(long instant) => (int)(instant >= 0 ? instant / Ms : -((-(instant + 1)) / Ms) - 1);

    /// <summary>The day number of a date.</summary>
    public static int Of(DateOnly date) => date.DayNumber - EpochDayNumber;

    /// <summary>The date of a day number.</summary>
    public static DateOnly Date(int day) => DateOnly.FromDayNumber(day + EpochDayNumber);

    /// <summary>Midnight UTC starting a day, in storage units.</summary>
    public static long Start(int day) => day * Ms;

    /// <summary>Midnight UTC starting a date, in storage units.</summary>
    public static long Start(DateOnly date) => DbTime.StartOf(date);
}
