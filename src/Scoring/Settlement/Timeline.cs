namespace Microcredit.Scoring.Settlement;

/// <summary>Counting in sorted instants: how many fall before t, or in [from, to).</summary>
internal static class Timeline
{
    /// <summary>The number of values in sorted <paramref name="times"/> strictly less than <paramref name="at"/>.</summary>
    public static int CountBefore(ReadOnlySpan<long> times, long at)
    {
        int low = 0, high = times.Length;
        while (low < high)
        {
            var mid = (int)((uint)(low + high) >> 1);
            if (times[mid] < at)
            {
                low = mid + 1;
            }
            else
            {
                high = mid;
            }
        }

        return low;
    }

    /// <summary>The number of values in [<paramref name="from"/>, <paramref name="to"/>).</summary>
    public static int CountIn(ReadOnlySpan<long> times, long from, long to) => CountBefore(times, to) - CountBefore(times, from);

    /// <summary>The values of <paramref name="source"/> that are not null, sorted.</summary>
    public static long[] Sorted(long?[] source)
    {
        var count = 0;
        foreach (var v in source)
        {
            count += v is null ? 0 : 1;
        }

        var values = new long[count];
        var k = 0;
        foreach (var v in source)
        {
            if (v is { } value)
            {
                values[k++] = value;
            }
        }

        Array.Sort(values);
        return values;
    }
}
