namespace Microcredit.Scoring.Simulation;

/// <summary>
/// What <c>credit simulate</c> generates: <see cref="Merchants"/> merchants over the
/// <see cref="Months"/> months ending on <see cref="End"/> (inclusive). Nothing after the end of
/// that day appears in the files. The same options give byte-identical files.
/// </summary>
public sealed record SimulationOptions
{
    /// <summary>Merchants in the files, including those that register during the history.</summary>
    public int Merchants { get; init; } = 2_000;

    /// <summary>Calendar months of history ending on <see cref="End"/>.</summary>
    public int Months { get; init; } = 24;

    /// <summary>The last day of the history (the export date); events after it are unknown.</summary>
    public DateOnly End { get; init; } = new(2026, 10, 31);

    /// <summary>Seed of every random draw; merchant i draws from the stream (Seed, i).</summary>
    public ulong Seed { get; init; } = 1;

    /// <summary>Write <c>NAME.csv.gz</c> instead of <c>NAME.csv</c>.</summary>
    public bool Gzip { get; init; }

    /// <summary>Worker threads; the output does not depend on it.</summary>
    public int Threads { get; init; } = Environment.ProcessorCount;

    /// <summary>The first instant after the history: midnight UTC after <see cref="End"/>.</summary>
    public DateTimeOffset Cutoff => new(End.AddDays(1).ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);

    /// <summary>The first instant of the history: <see cref="Months"/> calendar months before <see cref="Cutoff"/>.</summary>
    public DateTimeOffset Start => new(End.AddDays(1).AddMonths(-Months).ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);

    internal void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(Merchants, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(Merchants, 100_000_000);
        ArgumentOutOfRangeException.ThrowIfLessThan(Months, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(Months, 240);
        ArgumentOutOfRangeException.ThrowIfLessThan(Threads, 1);
        if (End.Year < 1990 || End.Year > 9000)
        {
            throw new ArgumentOutOfRangeException(nameof(End), End, "End must be a plausible date.");
        }
    }
}
