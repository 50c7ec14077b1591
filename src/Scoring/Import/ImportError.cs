namespace Microcredit.Scoring.Import;

/// <summary>One problem found in an input file: where (file, line, field) and what.</summary>
/// <param name="File">The file name as found in the import folder, e.g. <c>orders.csv.gz</c>.</param>
/// <param name="Line">1-based line where the record starts; the header is line 1.</param>
/// <param name="Field">The column at fault, or null when the problem is the file or the record as a whole.</param>
/// <param name="Message">What is wrong, for the person fixing the file.</param>
public sealed record ImportError(string File, long Line, string? Field, string Message)
{
    public override string ToString() => Field is null
        ? $"{File} line {Line}: {Message}"
        : $"{File} line {Line}, field {Field}: {Message}";
}
