using System.Text;

namespace Microcredit.Scoring.Models.Data;

/// <summary>
/// A minimal RFC 4180 record reader (comma separator, double-quote quoting, CRLF or LF line
/// ends) that knows the file line each record starts on; quoted fields may span lines.
/// </summary>
internal sealed class CsvRecordReader(TextReader reader)
{
    private readonly StringBuilder field = new();
    private int line = 1;

    /// <summary>The line the last record read starts on (the header is line 1).</summary>
    public int Line { get; private set; }

    /// <summary>The next record's fields, or null at the end of the file.</summary>
    public List<string>? Read()
    {
        if (reader.Peek() < 0)
        {
            return null;
        }

        Line = line;
        var fields = new List<string>();
        field.Clear();
        var quoted = false;
        var wasQuoted = false;
        while (true)
        {
            var c = reader.Read();
            if (c < 0)
            {
                if (quoted)
                {
                    throw new ModelDataException($"line {Line}: a quoted field is not closed before the end of the file.");
                }

                fields.Add(field.ToString());
                return fields;
            }

            if (quoted)
            {
                if (c == '"')
                {
                    if (reader.Peek() == '"')
                    {
                        reader.Read();
                        field.Append('"');
                    }
                    else
                    {
                        quoted = false;
                    }
                }
                else
                {
                    if (c == '\n')
                    {
                        line++;
                    }

                    field.Append((char)c);
                }

                continue;
            }

            switch (c)
            {
                case '"' when field.Length == 0 && !wasQuoted:
                    quoted = true;
                    wasQuoted = true;
                    break;
                case ',':
                    fields.Add(field.ToString());
                    field.Clear();
                    wasQuoted = false;
                    break;
                case '\r' when reader.Peek() == '\n':
                    break;
                case '\n':
                    line++;
                    fields.Add(field.ToString());
                    return fields;
                default:
                    field.Append((char)c);
                    break;
            }
        }
    }
}
