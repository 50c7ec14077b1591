namespace Microcredit.Scoring.Storage;

/// <summary>
/// A clock whose calendar is moved to a chosen day: it starts at that day with the system's time
/// of day and then runs at the system's pace. The demo pins "today" to the sample's last day, so
/// snapshots, offers and decisions line up with the data whatever the real date is.
/// </summary>
public sealed class PinnedClock : TimeProvider
{
    private readonly TimeProvider system;
    private readonly TimeSpan offset;

    public PinnedClock(DateOnly today, TimeProvider? system = null)
    {
        this.system = system ?? System;
        var now = this.system.GetUtcNow();
        var start = new DateTimeOffset(today.ToDateTime(TimeOnly.FromTimeSpan(now.TimeOfDay)), TimeSpan.Zero);
        offset = start - now;
        Today = today;
    }

    /// <summary>The day the clock was pinned to.</summary>
    public DateOnly Today { get; }

    public override DateTimeOffset GetUtcNow() => system.GetUtcNow() + offset;

    /// <summary>The configured clock: <c>Clock:Today</c> (YYYY-MM-DD) pins it; absent, the system clock.</summary>
    public static TimeProvider FromSetting(string? today) =>
        string.IsNullOrWhiteSpace(today) ? System : new PinnedClock(DbTime.DateFromDb(today.Trim()));
}
