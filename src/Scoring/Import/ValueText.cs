using System.Globalization;

namespace Microcredit.Scoring.Import;

/// <summary>Shows stored values in messages as the input files write them.</summary>
internal static class ValueText
{
    public static string Of(ColumnKind kind, object? value)
    {
        if (value is null or DBNull)
        {
            return "empty";
        }

        return kind switch
        {
            ColumnKind.Timestamp => Timestamp(Convert.ToInt64(value, CultureInfo.InvariantCulture)),
            ColumnKind.Money => Money(Convert.ToInt64(value, CultureInfo.InvariantCulture)),
            ColumnKind.Rate => (Convert.ToInt64(value, CultureInfo.InvariantCulture) / 1_000_000m).ToString("0.000000", CultureInfo.InvariantCulture),
            ColumnKind.Boolean => Convert.ToInt64(value, CultureInfo.InvariantCulture) != 0 ? "true" : "false",
            _ => Convert.ToString(value, CultureInfo.InvariantCulture) ?? "",
        };
    }

    public static string Timestamp(long unixMilliseconds)
    {
        var instant = Storage.DbTime.FromDb(unixMilliseconds);
        return instant.Millisecond == 0
            ? instant.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture)
            : instant.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
    }

    public static string Money(long cents) => (cents / 100m).ToString("0.00", CultureInfo.InvariantCulture);

    /// <summary>The UTC calendar day of an instant, as a day number comparable with <see cref="DateOnly.DayNumber"/>.</summary>
    public static int DayOf(long unixMilliseconds) => DateOnly.FromDateTime(Storage.DbTime.FromDb(unixMilliseconds).UtcDateTime).DayNumber;
}
