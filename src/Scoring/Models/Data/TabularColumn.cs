namespace Microcredit.Scoring.Models.Data;

/// <summary>
/// One column of a <see cref="TabularData"/>: numbers (<see cref="Numbers"/>, NaN = missing) for a
/// numeric column, labels (<see cref="Labels"/>, null = missing) for a categorical one.
/// </summary>
public sealed class TabularColumn
{
    private TabularColumn(string name, ColumnKind kind, double[]? numbers, string?[]? labels)
    {
        Name = name;
        Kind = kind;
        Numbers = numbers;
        Labels = labels;
    }

    public string Name { get; }

    public ColumnKind Kind { get; }

    /// <summary>The values of a numeric column; NaN where missing. Empty for a categorical column.</summary>
    public double[] NumberValues => Numbers ?? [];

    /// <summary>The values of a categorical column; null where missing. Empty for a numeric column.</summary>
    public string?[] LabelValues => Labels ?? [];

    internal double[]? Numbers { get; }

    internal string?[]? Labels { get; }

    public int Count => Numbers?.Length ?? Labels!.Length;

    public static TabularColumn Numeric(string name, double[] values) => new(name, ColumnKind.Numeric, values, null);

    public static TabularColumn Categorical(string name, string?[] values) => new(name, ColumnKind.Categorical, null, values);

    /// <summary>Whether row <paramref name="row"/> is missing.</summary>
    public bool IsMissing(int row) => Numbers is not null ? double.IsNaN(Numbers[row]) : Labels![row] is null;

    /// <summary>A copy holding only the given rows, in that order.</summary>
    public TabularColumn Select(ReadOnlySpan<int> rows)
    {
        if (Numbers is not null)
        {
            var numbers = new double[rows.Length];
            for (var i = 0; i < rows.Length; i++)
            {
                numbers[i] = Numbers[rows[i]];
            }

            return Numeric(Name, numbers);
        }

        var labels = new string?[rows.Length];
        for (var i = 0; i < rows.Length; i++)
        {
            labels[i] = Labels![rows[i]];
        }

        return Categorical(Name, labels);
    }
}
