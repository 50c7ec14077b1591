namespace Microcredit.Scoring.Models.Data;

/// <summary>How <see cref="CsvTabularReader"/> types the columns it reads.</summary>
public sealed class CsvReadOptions
{
    /// <summary>Columns read as categories even when every value is a number (integer-coded categories).</summary>
    public IReadOnlySet<string> Categorical { get; init; } = new HashSet<string>(StringComparer.Ordinal);

    /// <summary>
    /// Kinds fixed in advance (a trained model's schema): a numeric column holding text is then an
    /// error naming the line, whatever the share of numbers.
    /// </summary>
    public IReadOnlyDictionary<string, ColumnKind> Kinds { get; init; } = new Dictionary<string, ColumnKind>(StringComparer.Ordinal);

    /// <summary>
    /// A column whose non-missing values are numbers in at least this share, but not all, is taken
    /// for a numeric column with bad values (an error), not a categorical one.
    /// </summary>
    public double NumericShareForError { get; init; } = 0.95;
}
