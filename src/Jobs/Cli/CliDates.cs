using System.Globalization;

namespace Microcredit.Jobs.Cli;

/// <summary>Dates given on the command line.</summary>
internal static class CliDates
{
    /// <summary>A YYYY-MM-DD value of <paramref name="option"/>; anything else is a usage error naming the option.</summary>
    public static DateOnly Parse(string text, string option) =>
        DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date)
            ? date
            : throw CliException.Usage($"{option} '{text}' is not a date (YYYY-MM-DD).");
}
