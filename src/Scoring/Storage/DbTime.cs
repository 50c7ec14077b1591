using System.Globalization;

namespace Microcredit.Scoring.Storage;

/// <summary>
/// How time is stored: instants as BIGINT milliseconds since the Unix epoch (UTC), dates as TEXT
/// <c>YYYY-MM-DD</c>. Both sort and compare the same way on SQLite and PostgreSQL.
/// </summary>
public static class DbTime
{
    public static long ToDb(DateTimeOffset instant) => instant.ToUnixTimeMilliseconds();

    public static DateTimeOffset FromDb(long milliseconds) => DateTimeOffset.FromUnixTimeMilliseconds(milliseconds);

    public static string ToDb(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    public static DateOnly DateFromDb(string text) => DateOnly.ParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture);

    /// <summary>Midnight UTC starting the given date, in storage units.</summary>
    public static long StartOf(DateOnly date) => ToDb(new DateTimeOffset(date.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero));
}
