using System.Globalization;
using Microcredit.Scoring.Money;
using Microcredit.Scoring.Storage;

namespace Microcredit.Underwriting.Dashboard;

/// <summary>How the dashboard prints figures: money with 2 decimals and the currency, instants and dates in UTC, invariant culture.</summary>
public static class DisplayFormat
{
    /// <summary>The deployment's currency (one per deployment, docs/storage.md).</summary>
    public const string Currency = "CNY";

    public static string Money(Money amount) => amount.Amount.ToString("N2", CultureInfo.InvariantCulture) + " " + Currency;

    /// <summary>Money from the database's minor units (cents).</summary>
    public static string Minor(long cents) => Money(Scoring.Money.Money.FromMinor(cents));

    public static string Count(long count) => count.ToString("N0", CultureInfo.InvariantCulture);

    /// <summary>An instant stored as Unix ms, in UTC to the minute.</summary>
    public static string Instant(long milliseconds) => DbTime.FromDb(milliseconds).UtcDateTime.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture);

    public static string Instant(long? milliseconds) => milliseconds is { } ms ? Instant(ms) : "";

    public static string Date(DateOnly date) => DbTime.ToDb(date);

    /// <summary>A share (0–1) as a percentage with one decimal.</summary>
    public static string Percent(double? share) => share is { } s ? (s * 100).ToString("0.0", CultureInfo.InvariantCulture) + "%" : "";

    /// <summary>A metric (AUC, KS, PSI, Brier) with its usual four decimals.</summary>
    public static string Metric(double? value) => value?.ToString("0.0000", CultureInfo.InvariantCulture) ?? "";

    /// <summary>A duration in seconds with up to one decimal.</summary>
    public static string Seconds(TimeSpan duration) => duration.TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture) + " s";
}
