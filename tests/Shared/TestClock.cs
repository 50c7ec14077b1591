namespace Microcredit.Tests;

/// <summary>A clock the test sets and moves: UTC, starting at the given instant.</summary>
public sealed class TestClock(DateTimeOffset start) : TimeProvider
{
    private DateTimeOffset now = start;

    public override DateTimeOffset GetUtcNow() => now;

    public void Set(DateTimeOffset instant) => now = instant;

    public void Advance(TimeSpan by) => now += by;
}
