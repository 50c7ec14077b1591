using System.Text.Unicode;
using CsvHelper;

namespace Microcredit.Scoring.Import;

/// <summary>
/// Streams the records of one CSV file (plain or gzip) with the line each starts on, as UTF-8
/// bytes straight from CsvHelper's reader. The header is read as the first record so that its
/// problems are reported like any other line's.
/// </summary>
internal sealed class CsvSource : IDisposable
{
    private readonly FileStream file;
    private readonly CsvReader reader;
    private readonly Dictionary<long, CsvMalformedReason> malformed = [];

    private CsvSource(string path)
    {
        file = File.OpenRead(path);
        Stream input = path.EndsWith(".gz", StringComparison.OrdinalIgnoreCase) ? new GzipInput(file) : file;
        reader = CsvReader.Create(input, new CsvReaderOptions
        {
            Separator = ',',
            HasHeader = false,
            Mode = CsvMode.Rfc4180,
            TrackLineNumbers = true,
            SkipEmptyLines = true,
            MalformedData = CsvMalformedDataHandling.Recover,
            FieldCountMismatch = CsvFieldCountHandling.Allow,
            // The reader may scan ahead of the record it returns; problems are matched by line.
            OnMalformedRecord = record => malformed.TryAdd(record.LineNumber, record.Reason),
            // No legitimate record of these files comes near this; an unclosed quote would otherwise swallow the file.
            MaxRecordSize = 1 << 20,
        });
    }

    /// <summary>The line the current record starts on (the header is line 1).</summary>
    public long Line { get; private set; }

    public int FieldCount => reader.FieldCount;

    /// <summary>Bytes of the file as stored that have been read so far.</summary>
    public long BytesRead => file.Position;

    public long BytesTotal => file.Length;

    public static CsvSource Open(string path) => new(path);

    /// <summary>Advances to the next record; false at the end of the file.</summary>
    public bool Read()
    {
        if (!reader.Read())
        {
            return false;
        }

        Line = reader.LineNumber;
        return true;
    }

    /// <summary>Why the current record breaks RFC 4180 quoting, or null; asked once per record (it forgets the answer).</summary>
    public CsvMalformedReason? TakeMalformed() => malformed.Remove(Line, out var reason) ? reason : null;

    /// <summary>Whether the current record's bytes are valid UTF-8.</summary>
    public bool IsValidUtf8 => Utf8.IsValid(reader.RawRecord);

    public ReadOnlySpan<byte> Span(int index) => reader.GetSpan(index);

    public string String(int index) => reader.GetString(index);

    public void Dispose()
    {
        reader.Dispose();
        file.Dispose();
    }
}
