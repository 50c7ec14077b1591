namespace Microcredit.Scoring.Models.Data;

/// <summary>
/// A table loaded from a CSV file: typed columns of equal length and, for error messages, the
/// source name and the file line of each row (the header is line 1).
/// </summary>
public sealed class TabularData
{
    private readonly Dictionary<string, TabularColumn> byName;

    public TabularData(string source, IReadOnlyList<TabularColumn> columns, int[] lines)
    {
        Source = source;
        Columns = columns;
        Lines = lines;
        byName = new Dictionary<string, TabularColumn>(StringComparer.Ordinal);
        foreach (var column in columns)
        {
            if (column.Count != lines.Length)
            {
                throw new ArgumentException($"Column {column.Name} has {column.Count} values for {lines.Length} rows.", nameof(columns));
            }

            byName.Add(column.Name, column);
        }
    }

    /// <summary>The file name (or another label) used in error messages.</summary>
    public string Source { get; }

    public IReadOnlyList<TabularColumn> Columns { get; }

    /// <summary>The file line of each row.</summary>
    public int[] Lines { get; }

    public int RowCount => Lines.Length;

    public TabularColumn? Find(string name) => byName.GetValueOrDefault(name);

    public TabularColumn this[string name] => byName.TryGetValue(name, out var column)
        ? column
        : throw new ModelDataException($"{Source}: no column named '{name}' (columns: {string.Join(", ", Columns.Select(c => c.Name))}).");

    /// <summary>A table of the given rows, in that order.</summary>
    public TabularData Select(int[] rows)
    {
        var lines = new int[rows.Length];
        for (var i = 0; i < rows.Length; i++)
        {
            lines[i] = Lines[rows[i]];
        }

        return new TabularData(Source, [.. Columns.Select(c => c.Select(rows))], lines);
    }
}
