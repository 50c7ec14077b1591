using System.Globalization;
using Microcredit.Scoring.Features;
using Microcredit.Scoring.Money;
using Microcredit.Scoring.Storage;

namespace Microcredit.Underwriting.Dashboard.Reviews;

/// <summary>
/// How the review pages print figures: money, minor units and instants as every dashboard page
/// does (<see cref="DisplayFormat"/>), and what only a case shows (ages, scores, feature values).
/// </summary>
public static class CaseFormat
{
    public const string Currency = DisplayFormat.Currency;

    public static string Money(Money amount) => DisplayFormat.Money(amount);

    /// <summary>Money from the database's minor units (cents).</summary>
    public static string Minor(long cents) => DisplayFormat.Minor(cents);

    public static string Minor(long? cents) => cents is { } c ? Minor(c) : "";

    /// <summary>An amount for a form field: plain digits, a dot and two decimals.</summary>
    public static string Plain(long cents) => Scoring.Money.Money.FromMinor(cents).Amount.ToString("0.00", CultureInfo.InvariantCulture);

    public static string Instant(long milliseconds) => DisplayFormat.Instant(milliseconds);

    public static string Instant(long? milliseconds) => DisplayFormat.Instant(milliseconds);

    public static string Date(long milliseconds) => DbTime.FromDb(milliseconds).UtcDateTime.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    /// <summary>How long a case has waited, in whole days and hours.</summary>
    public static string Age(long since, DateTimeOffset now)
    {
        var age = now - DbTime.FromDb(since);
        return age.TotalDays >= 1 ? $"{(int)age.TotalDays} d {age.Hours} h" : $"{Math.Max(0, (int)age.TotalHours)} h";
    }

    /// <summary>A score on the scorecard's points scale, to one decimal.</summary>
    public static string Score(double? score) => score?.ToString("0.0", CultureInfo.InvariantCulture) ?? "";

    /// <summary>A probability as a percentage with two decimals.</summary>
    public static string Percent(double? share) => share is { } s ? (s * 100).ToString("0.00", CultureInfo.InvariantCulture) + "%" : "";

    /// <summary>A feature value as stored (money in cents) in its catalog unit; empty when missing.</summary>
    public static string Feature(FeatureDefinition feature, double value) => double.IsNaN(value)
        ? "—"
        : feature.Kind switch
        {
            FeatureKind.Money => Money(Scoring.Money.Money.Round((decimal)value / 100m)),
            FeatureKind.Count => value.ToString("N0", CultureInfo.InvariantCulture) + " " + feature.Unit,
            _ when feature.Unit == "ratio" => value.ToString("0.####", CultureInfo.InvariantCulture),
            _ => value.ToString("0.##", CultureInfo.InvariantCulture) + " " + feature.Unit,
        };
}
