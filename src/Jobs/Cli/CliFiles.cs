using System.Text;

namespace Microcredit.Jobs.Cli;

/// <summary>Files the commands write.</summary>
internal static class CliFiles
{
    /// <summary>Writes to a temporary file beside the target, then moves it into place: no half-written CSV.</summary>
    public static void WriteAtomically(string path, Action<TextWriter> write)
    {
        var full = Path.GetFullPath(path);
        var directory = Path.GetDirectoryName(full)!;
        Directory.CreateDirectory(directory);
        var temporary = Path.Combine(directory, $".{Path.GetFileName(full)}.{Guid.NewGuid():N}.tmp");
        try
        {
            using (var writer = new StreamWriter(temporary, false, new UTF8Encoding(false), 1 << 16))
            {
                write(writer);
            }

            File.Move(temporary, full, overwrite: true);
        }
        finally
        {
            File.Delete(temporary);
        }
    }
}
