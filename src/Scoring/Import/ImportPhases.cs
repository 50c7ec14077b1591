namespace Microcredit.Scoring.Import;

/// <summary>Times consecutive phases of an import with the injected clock.</summary>
internal sealed class ImportPhases(TimeProvider time)
{
    private readonly List<(string, TimeSpan)> all = [];
    private long last = time.GetTimestamp();

    public IReadOnlyList<(string Phase, TimeSpan Duration)> All => all;

    public void End(string phase)
    {
        var now = time.GetTimestamp();
        all.Add((phase, time.GetElapsedTime(last, now)));
        last = now;
    }
}
