using System.Globalization;
using System.Text.Json;
using Microcredit.Scoring.Money;

namespace Microcredit.Underwriting.Policy;

/// <summary>
/// Reads typed values out of the policy JSON and collects every problem as
/// "<c>file: json.path: message</c>", so one start-up lists all of them. A value that is missing or
/// has a problem reads as null, so checks across fields skip it rather than report a knock-on error;
/// the loader throws before any such value is used.
/// </summary>
internal sealed class PolicyReader(string source)
{
    private readonly List<string> errors = [];

    public IReadOnlyList<string> Errors => errors;

    public static string Join(string path, string name) => path.Length == 0 ? name : $"{path}.{name}";

    public void Error(string path, string message) => errors.Add($"{source}: {path}: {message}");

    /// <summary>
    /// Checks that <paramref name="element"/> is an object holding exactly <paramref name="fields"/>
    /// (each once); reports every unknown, repeated and missing field. False when it is no object.
    /// </summary>
    public bool Object(JsonElement element, string path, params string[] fields)
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            Error(path.Length == 0 ? "$" : path, "expected an object");
            return false;
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var property in element.EnumerateObject())
        {
            if (!fields.Contains(property.Name, StringComparer.Ordinal))
            {
                Error(Join(path, property.Name), "unknown field");
            }
            else if (!seen.Add(property.Name))
            {
                Error(Join(path, property.Name), "appears more than once");
            }
        }

        foreach (var field in fields)
        {
            if (!seen.Contains(field))
            {
                Error(Join(path, field), "missing");
            }
        }

        return true;
    }

    /// <summary>A child object, checked like <see cref="Object"/>; null when absent or not an object.</summary>
    public JsonElement? Section(JsonElement parent, string path, string name, params string[] fields)
    {
        if (!parent.TryGetProperty(name, out var value))
        {
            return null;
        }

        return Object(value, Join(path, name), fields) ? value : null;
    }

    public string? Text(JsonElement parent, string path, string name)
    {
        if (!parent.TryGetProperty(name, out var value))
        {
            return null;
        }

        if (value.ValueKind != JsonValueKind.String)
        {
            Error(Join(path, name), "expected a string");
            return null;
        }

        var text = value.GetString()!;
        if (text.Trim().Length == 0)
        {
            Error(Join(path, name), "must not be empty");
            return null;
        }

        return text;
    }

    public bool? Flag(JsonElement parent, string path, string name)
    {
        if (!parent.TryGetProperty(name, out var value))
        {
            return null;
        }

        if (value.ValueKind is not (JsonValueKind.True or JsonValueKind.False))
        {
            Error(Join(path, name), "expected true or false");
            return null;
        }

        return value.GetBoolean();
    }

    /// <summary>A decimal in [<paramref name="min"/>, <paramref name="max"/>] with at most <paramref name="decimals"/> decimals.</summary>
    public decimal? Number(JsonElement parent, string path, string name, decimal min, decimal max, int decimals) =>
        parent.TryGetProperty(name, out var value) ? Number(value, Join(path, name), min, max, decimals) : null;

    public decimal? Number(JsonElement value, string path, decimal min, decimal max, int decimals)
    {
        if (value.ValueKind != JsonValueKind.Number || !value.TryGetDecimal(out var number))
        {
            Error(path, "expected a number");
            return null;
        }

        var text = value.GetRawText();
        if (number < min)
        {
            Error(path, $"{text} is below the minimum {Format(min)}");
            return null;
        }

        if (number > max)
        {
            Error(path, $"{text} is above the maximum {Format(max)}");
            return null;
        }

        if (decimal.Round(number, decimals) != number)
        {
            Error(path, $"{text} has more than {decimals} decimals");
            return null;
        }

        return number;
    }

    /// <summary>A rate: at most <see cref="Rate.Decimals"/> decimals.</summary>
    public decimal? Rate(JsonElement parent, string path, string name, decimal min, decimal max) =>
        Number(parent, path, name, min, max, Scoring.Money.Rate.Decimals);

    /// <summary>An amount: not negative, at least <paramref name="min"/>, whole cents.</summary>
    public Money? Money(JsonElement parent, string path, string name, decimal min = 0m)
    {
        if (!parent.TryGetProperty(name, out var value))
        {
            return null;
        }

        var at = Join(path, name);
        if (value.ValueKind != JsonValueKind.Number || !value.TryGetDecimal(out var amount))
        {
            Error(at, "expected a number");
            return null;
        }

        var text = value.GetRawText();
        var problem = amount < 0 ? $"{text} is negative"
            : amount < min ? $"{text} is below the minimum {Format(min)}"
            : decimal.Round(amount, Scoring.Money.Money.Decimals) != amount ? $"{text} has more than {Scoring.Money.Money.Decimals} decimals"
            : null;
        if (problem is not null)
        {
            Error(at, problem);
            return null;
        }

        return new Money(amount);
    }

    public int? Whole(JsonElement parent, string path, string name, int min, int max) =>
        parent.TryGetProperty(name, out var value) ? Whole(value, Join(path, name), min, max) : null;

    public int? Whole(JsonElement value, string path, int min, int max)
    {
        if (value.ValueKind != JsonValueKind.Number || !value.TryGetDecimal(out var number) || number != decimal.Truncate(number))
        {
            Error(path, "expected a whole number");
            return null;
        }

        if (number < min)
        {
            Error(path, $"{value.GetRawText()} is below the minimum {min}");
            return null;
        }

        if (number > max)
        {
            Error(path, $"{value.GetRawText()} is above the maximum {max}");
            return null;
        }

        return (int)number;
    }

    /// <summary>The items of an array field with their paths; empty (and reported) when absent, not an array or empty.</summary>
    public IReadOnlyList<(JsonElement Item, string Path)> Items(JsonElement parent, string path, string name)
    {
        if (!parent.TryGetProperty(name, out var value))
        {
            return [];
        }

        var at = Join(path, name);
        if (value.ValueKind != JsonValueKind.Array)
        {
            Error(at, "expected an array");
            return [];
        }

        if (value.GetArrayLength() == 0)
        {
            Error(at, "must not be empty");
            return [];
        }

        return [.. value.EnumerateArray().Select((item, i) => (item, $"{at}[{i}]"))];
    }

    public static string Format(decimal value) => value.ToString(CultureInfo.InvariantCulture);
}
