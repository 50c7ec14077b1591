namespace Microcredit.Scoring.Features.Engine;

/// <summary>
/// The sorted as-of days of one merchant. An event on day e counts in the window [D−n, D) of the
/// as-of days D with e &lt; D ≤ e + n, a contiguous run of slots; <see cref="FirstAfter"/> finds
/// its ends, so one pass over the events serves every as-of day (difference arrays).
/// </summary>
internal readonly ref struct DateSlots(ReadOnlySpan<int> days)
{
    private readonly ReadOnlySpan<int> days = days;

    public int Count => days.Length;

    public int this[int slot] => days[slot];

    /// <summary>The first slot whose day is after <paramref name="day"/> (Count if none).</summary>
    public int FirstAfter(long day)
    {
        int lo = 0, hi = days.Length;
        while (lo < hi)
        {
            var mid = (lo + hi) >>> 1;
            if (days[mid] > day)
            {
                hi = mid;
            }
            else
            {
                lo = mid + 1;
            }
        }

        return lo;
    }
}
