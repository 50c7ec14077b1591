namespace Microcredit.Scoring.Loans;

/// <summary>The delinquency buckets of loan_servicing and the portfolio summary (servicing job, dashboard), by days past due.</summary>
public static class DelinquencyBucket
{
    public const string Current = "current";

    /// <summary>Every bucket, in order of increasing days past due.</summary>
    public static IReadOnlyList<string> All { get; } = [Current, "1-29", "30-59", "60-89", "90+"];

    /// <summary>current (0), 1-29, 30-59, 60-89, 90+.</summary>
    public static string Of(int daysPastDue)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(daysPastDue);
        return daysPastDue switch
        {
            0 => Current,
            < 30 => "1-29",
            < 60 => "30-59",
            < 90 => "60-89",
            _ => "90+",
        };
    }
}
