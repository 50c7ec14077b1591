namespace Microcredit.Scoring.Import;

/// <summary>
/// Parses the field types of docs/data-format.md into storage units (docs/storage.md): money as
/// integer cents, rates as integer millionths, instants as Unix milliseconds UTC. Hand-written
/// because imports parse tens of millions of fields, straight from the UTF-8 bytes of the file;
/// each parser accepts exactly the documented form and returns a message naming it otherwise.
/// </summary>
public static class FieldParser
{
    /// <summary>Longest identifier accepted.</summary>
    public const int MaxIdLength = 64;

    /// <summary>Longest free text accepted (category, region).</summary>
    public const int MaxTextLength = 200;

    // 15 integer digits keeps cents (and millionths of a rate below 1e12) inside a long.
    private const int MaxIntegerDigits = 15;

    public static bool TryId(string value, out string? error)
    {
        if (value.Length > MaxIdLength)
        {
            error = $"is {value.Length} characters long; identifiers have at most {MaxIdLength}";
            return false;
        }

        error = HasControl(value) ? "contains a control character" : null;
        return error is null;
    }

    public static bool TryText(string value, out string? error)
    {
        if (value.Length > MaxTextLength)
        {
            error = $"is {value.Length} characters long; text fields have at most {MaxTextLength}";
            return false;
        }

        error = HasControl(value) ? "contains a control character" : null;
        return error is null;
    }

    /// <summary>ISO 8601 UTC with a Z suffix, optional fraction up to milliseconds.</summary>
    public static bool TryTimestamp(ReadOnlySpan<byte> value, out long unixMilliseconds, out string? error)
    {
        unixMilliseconds = 0;
        error = $"'{Shorten(value)}' is not a UTC timestamp like 2025-03-01T08:15:00Z";
        var s = value;
        if (s.Length < 20 || s.Length > 24 || s[10] != 'T' || s[13] != ':' || s[16] != ':' || s[^1] != 'Z')
        {
            return false;
        }

        if (!TryDateParts(s[..10], out var year, out var month, out var day)
            || !TryDigits(s.Slice(11, 2), out var hour) || !TryDigits(s.Slice(14, 2), out var minute) || !TryDigits(s.Slice(17, 2), out var second)
            || hour > 23 || minute > 59 || second > 59)
        {
            return false;
        }

        var millisecond = 0;
        if (s.Length > 20)
        {
            var fraction = s[19..^1];
            if (fraction.Length < 2 || fraction[0] != '.' || !TryDigits(fraction[1..], out millisecond))
            {
                return false;
            }

            for (var i = fraction.Length - 1; i < 3; i++)
            {
                millisecond *= 10;
            }
        }

        unixMilliseconds = Storage.DbTime.ToDb(new DateTimeOffset(year, month, day, hour, minute, second, millisecond, TimeSpan.Zero));
        error = null;
        return true;
    }

    /// <summary>A calendar date <c>YYYY-MM-DD</c>; <paramref name="dayNumber"/> counts days from 0001-01-01.</summary>
    public static bool TryDate(ReadOnlySpan<byte> value, out int dayNumber, out string? error)
    {
        dayNumber = 0;
        if (value.Length != 10 || !TryDateParts(value, out var year, out var month, out var day))
        {
            error = $"'{Shorten(value)}' is not a date like 2025-03-01";
            return false;
        }

        dayNumber = new DateOnly(year, month, day).DayNumber;
        error = null;
        return true;
    }

    /// <summary>A non-negative amount with at most 2 decimals, as integer cents.</summary>
    public static bool TryMoney(ReadOnlySpan<byte> value, out long cents, out string? error) =>
        TryFixed(value, 2, "a money amount like 1234.50 (at most 2 decimals)", out cents, out error);

    /// <summary>A non-negative rate with at most 6 decimals, as integer millionths.</summary>
    public static bool TryRate(ReadOnlySpan<byte> value, out long micros, out string? error) =>
        TryFixed(value, 6, "a rate like 0.000500 (at most 6 decimals)", out micros, out error);

    public static bool TryBoolean(ReadOnlySpan<byte> value, out bool result, out string? error)
    {
        result = value.SequenceEqual("true"u8);
        error = result || value.SequenceEqual("false"u8) ? null : $"'{Shorten(value)}' is not true or false";
        return error is null;
    }

    /// <summary>A positive integer without sign or leading zeros beyond "0".</summary>
    public static bool TryPositiveInteger(ReadOnlySpan<byte> value, out int result, out string? error)
    {
        result = 0;
        error = $"'{Shorten(value)}' is not a whole number of at least 1";
        if (value.Length is 0 or > 9 || !TryDigits(value, out result) || result < 1)
        {
            return false;
        }

        error = null;
        return true;
    }

    /// <summary>A value cut for quoting in a message, so hostile input cannot flood the report.</summary>
    public static string Shorten(string value) => value.Length <= 40 ? value : string.Concat(value.AsSpan(0, 37), "...");

    /// <inheritdoc cref="Shorten(string)"/>
    public static string Shorten(ReadOnlySpan<byte> value) => Shorten(System.Text.Encoding.UTF8.GetString(value[..Math.Min(value.Length, 160)]));

    private static bool TryFixed(ReadOnlySpan<byte> value, int decimals, string form, out long scaled, out string? error)
    {
        scaled = 0;
        var s = value;
        if (s.Length > 0 && s[0] == '-')
        {
            error = $"'{Shorten(value)}' is negative; amounts must not be negative";
            return false;
        }

        error = $"'{Shorten(value)}' is not {form}";
        var point = s.IndexOf((byte)'.');
        var whole = point < 0 ? s : s[..point];
        var fraction = point < 0 ? [] : s[(point + 1)..];
        if (whole.Length is 0 or > MaxIntegerDigits || (point >= 0 && fraction.Length is 0) || fraction.Length > decimals)
        {
            return false;
        }

        long result = 0;
        foreach (var c in whole)
        {
            if (c is < (byte)'0' or > (byte)'9')
            {
                return false;
            }

            result = (result * 10) + (c - '0');
        }

        for (var i = 0; i < decimals; i++)
        {
            var digit = 0;
            if (i < fraction.Length)
            {
                var c = fraction[i];
                if (c is < (byte)'0' or > (byte)'9')
                {
                    return false;
                }

                digit = c - '0';
            }

            result = (result * 10) + digit;
        }

        scaled = result;
        error = null;
        return true;
    }

    private static bool TryDateParts(ReadOnlySpan<byte> s, out int year, out int month, out int day)
    {
        month = day = 0;
        if (s.Length != 10 || s[4] != '-' || s[7] != '-' || !TryDigits(s[..4], out year) || !TryDigits(s.Slice(5, 2), out month) || !TryDigits(s.Slice(8, 2), out day))
        {
            year = 0;
            return false;
        }

        return year >= 1 && month is >= 1 and <= 12 && day >= 1 && day <= DateTime.DaysInMonth(year, month);
    }

    private static bool TryDigits(ReadOnlySpan<byte> s, out int value)
    {
        value = 0;
        if (s.Length == 0)
        {
            return false;
        }

        foreach (var c in s)
        {
            if (c is < (byte)'0' or > (byte)'9')
            {
                return false;
            }

            value = (value * 10) + (c - '0');
        }

        return true;
    }

    private static bool HasControl(string value)
    {
        foreach (var c in value)
        {
            if (char.IsControl(c))
            {
                return true;
            }
        }

        return false;
    }
}
