namespace Microcredit.Scoring.Import;

/// <summary>
/// One parsed record, reused from row to row: text-like columns in <see cref="Text"/>, the rest
/// in storage units in <see cref="Number"/>, both indexed by column position.
/// </summary>
internal sealed class RowBuffer(int columns)
{
    public string?[] Text { get; } = new string?[columns];

    public long?[] Number { get; } = new long?[columns];

    public long Line { get; set; }

    /// <summary>False for a row staged only so that set-based checks see its key.</summary>
    public bool Valid { get; set; }

    public RowBuffer Copy()
    {
        var copy = new RowBuffer(Text.Length) { Line = Line, Valid = Valid };
        Text.CopyTo(copy.Text, 0);
        Number.CopyTo(copy.Number, 0);
        return copy;
    }

    public void Clear()
    {
        Array.Clear(Text);
        Array.Clear(Number);
    }
}
