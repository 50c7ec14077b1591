namespace Microcredit.Scoring.Simulation;

/// <summary>
/// Pre-formatted <c>yyyy-MM-dd</c> for every day from 1970 to 2199 and <c>HH:mm:ss</c> for every
/// second of a day (about 1.5 MB), so a timestamp is two copies instead of a dozen divisions:
/// formatting is most of the simulator's cost.
/// </summary>
internal static class FormatTables
{
    public const int DateDays = 84_000; // 1970-01-01 + 84,000 days is in 2199

    public static readonly byte[] Date = BuildDates();

    public static readonly byte[] Time = BuildTimes();

    /// <summary>"00" to "99".</summary>
    public static readonly byte[] DigitPairs = [.. Enumerable.Range(0, 100).SelectMany(i => new[] { (byte)('0' + (i / 10)), (byte)('0' + (i % 10)) })];

    /// <summary>Hinnant's civil-from-days, for days outside the table.</summary>
    public static void FormatDate(long unixDay, Span<byte> span)
    {
        var (y, mo, d) = Utf8Buffer.CivilFromDays(unixDay);
        span[0] = (byte)('0' + (y / 1000));
        span[1] = (byte)('0' + (y / 100 % 10));
        span[2] = (byte)('0' + (y / 10 % 10));
        span[3] = (byte)('0' + (y % 10));
        span[4] = (byte)'-';
        span[5] = (byte)('0' + (mo / 10));
        span[6] = (byte)('0' + (mo % 10));
        span[7] = (byte)'-';
        span[8] = (byte)('0' + (d / 10));
        span[9] = (byte)('0' + (d % 10));
    }

    private static byte[] BuildDates()
    {
        var table = new byte[DateDays * 10];
        for (var day = 0; day < DateDays; day++)
        {
            FormatDate(day, table.AsSpan(day * 10, 10));
        }

        return table;
    }

    private static byte[] BuildTimes()
    {
        var table = new byte[86_400 * 8];
        for (var second = 0; second < 86_400; second++)
        {
            var span = table.AsSpan(second * 8, 8);
            int h = second / 3600, m = second / 60 % 60, s = second % 60;
            span[0] = (byte)('0' + (h / 10));
            span[1] = (byte)('0' + (h % 10));
            span[2] = (byte)':';
            span[3] = (byte)('0' + (m / 10));
            span[4] = (byte)('0' + (m % 10));
            span[5] = (byte)':';
            span[6] = (byte)('0' + (s / 10));
            span[7] = (byte)('0' + (s % 10));
        }

        return table;
    }
}
