namespace Microcredit.Scoring.Import;

/// <summary>Where the checks of one row send their findings; knows the file and the line.</summary>
internal sealed class RowReport(string file, ImportErrors errors)
{
    public string File => file;

    public long Line { get; set; }

    /// <summary>Whether the current row had an error.</summary>
    public bool Failed { get; private set; }

    public void StartRow(long line)
    {
        Line = line;
        Failed = false;
    }

    public void Error(string? field, string message)
    {
        Failed = true;
        errors.Add(new ImportError(file, Line, field, message));
    }
}
