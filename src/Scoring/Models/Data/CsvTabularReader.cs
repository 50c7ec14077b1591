using System.Globalization;

namespace Microcredit.Scoring.Models.Data;

/// <summary>
/// Reads a CSV file with a header row into typed columns. Empty fields and <c>NA</c> are missing.
/// A column is numeric when all its values parse as invariant numbers, categorical otherwise or
/// when declared so; a column that is numbers but for a few values is an error naming the first
/// bad value's line, since that is far more often a data fault than a category.
/// </summary>
public static class CsvTabularReader
{
    /// <summary>Reads <paramref name="path"/>; errors name the file by its path.</summary>
    public static TabularData Read(string path, CsvReadOptions? options = null)
    {
        if (!File.Exists(path))
        {
            throw new ModelDataException($"{path}: file not found.");
        }

        using var reader = new StreamReader(path, detectEncodingFromByteOrderMarks: true);
        return Read(reader, path, options);
    }

    public static TabularData Read(TextReader reader, string source, CsvReadOptions? options = null)
    {
        options ??= new CsvReadOptions();
        var parser = new CsvRecordReader(reader);
        var headerFields = Records(parser, source);
        if (headerFields is not { Count: > 0 } || (headerFields.Count == 1 && headerFields[0].Length == 0))
        {
            throw new ModelDataException($"{source}: the file is empty (a header row is expected).");
        }

        var header = headerFields.Select(h => h.Trim().TrimStart('\uFEFF')).ToArray();

        var duplicate = header.GroupBy(h => h, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
        {
            throw new ModelDataException($"{source}: column '{duplicate.Key}' is named twice in the header.");
        }

        var raw = new List<string?>[header.Length];
        for (var c = 0; c < header.Length; c++)
        {
            raw[c] = [];
        }

        var lines = new List<int>();
        while (Records(parser, source) is { } record)
        {
            if (record.Count == 1 && record[0].Length == 0)
            {
                continue;
            }

            if (record.Count != header.Length)
            {
                throw new ModelDataException($"{source}: line {parser.Line} has {record.Count} fields, the header {header.Length}.");
            }

            lines.Add(parser.Line);
            for (var c = 0; c < header.Length; c++)
            {
                raw[c].Add(IsMissing(record[c]) ? null : record[c].Trim());
            }
        }

        var lineArray = lines.ToArray();
        var columns = new TabularColumn[header.Length];
        for (var c = 0; c < header.Length; c++)
        {
            columns[c] = Type(header[c], raw[c], lineArray, source, options);
        }

        return new TabularData(source, columns, lineArray);
    }

    private static List<string>? Records(CsvRecordReader parser, string source)
    {
        try
        {
            return parser.Read();
        }
        catch (ModelDataException ex)
        {
            throw new ModelDataException($"{source}: {ex.Message}");
        }
    }

    /// <summary>Empty fields and <c>NA</c> are missing values.</summary>
    public static bool IsMissing(string? field) => field is null || field.AsSpan().Trim().IsEmpty || field.Trim() == "NA";

    public static bool TryParseNumber(string text, out double value) =>
        double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out value) && double.IsFinite(value);

    private static TabularColumn Type(string name, List<string?> values, int[] lines, string source, CsvReadOptions options)
    {
        var declared = options.Kinds.TryGetValue(name, out var kind) ? kind : (ColumnKind?)null;
        if (declared == ColumnKind.Categorical || (declared is null && options.Categorical.Contains(name)))
        {
            return TabularColumn.Categorical(name, [.. values]);
        }

        var numbers = new double[values.Count];
        var present = 0;
        var parsed = 0;
        var firstBad = -1;
        for (var i = 0; i < values.Count; i++)
        {
            var text = values[i];
            if (text is null)
            {
                numbers[i] = double.NaN;
                continue;
            }

            present++;
            if (TryParseNumber(text, out var number))
            {
                numbers[i] = number;
                parsed++;
            }
            else if (firstBad < 0)
            {
                firstBad = i;
            }
        }

        if (firstBad < 0)
        {
            return TabularColumn.Numeric(name, numbers);
        }

        var mostlyNumbers = parsed > 0 && parsed >= options.NumericShareForError * present;
        if (declared == ColumnKind.Numeric || mostlyNumbers)
        {
            var why = declared == ColumnKind.Numeric ? "the model reads it as numeric" : $"{parsed} of its {present} values are numbers";
            throw new ModelDataException(
                $"{source}: line {lines[firstBad]}, column '{name}': '{values[firstBad]}' is not a number ({why}). " +
                "Fix the value, or declare the column categorical (--categorical).");
        }

        return TabularColumn.Categorical(name, [.. values]);
    }
}
