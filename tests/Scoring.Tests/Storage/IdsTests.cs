using Microcredit.Scoring.Storage;

namespace Microcredit.Scoring.Tests.Storage;

public sealed class IdsTests
{
    private static readonly DateTimeOffset At = new(2026, 11, 1, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public void NewOrdered_StartsWithItsMillisecondInBase32()
    {
        // 2026-11-01T00:00:00Z is 1,793,491,200,000 ms; its top 45 of 48 bits in Crockford base32
        // (worked out apart, in Python) are 06GS8SZ80.
        var id = Ids.NewOrdered("dec_", At);

        Assert.StartsWith("dec_06GS8SZ80", id, StringComparison.Ordinal);
        Assert.Equal(4 + 26, id.Length);
    }

    [Fact]
    public void NewOrdered_SortsByTimeAndDiffersWithinAMillisecond()
    {
        var ids = Enumerable.Range(0, 50).Select(i => Ids.NewOrdered("evt_", At.AddMilliseconds(i * 8))).ToList();
        var same = Enumerable.Range(0, 1000).Select(_ => Ids.NewOrdered("evt_", At)).ToHashSet(StringComparer.Ordinal);

        Assert.Equal(ids, ids.Order(StringComparer.Ordinal));
        Assert.Equal(1000, same.Count);
    }
}
