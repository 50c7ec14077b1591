using System.IO.Compression;
using System.Text;

namespace Microcredit.Scoring.Tests.Import;

/// <summary>A temporary folder of input files for one test; disposing removes it.</summary>
public sealed class ImportFolder : IDisposable
{
    public ImportFolder(IReadOnlyDictionary<string, string>? files = null)
    {
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "microcredit-tests", "import-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Path);
        foreach (var (name, content) in files ?? new Dictionary<string, string>())
        {
            Write(name, content);
        }
    }

    public string Path { get; }

    /// <summary>Writes a file; <paramref name="name"/> ending in .gz is gzip-compressed.</summary>
    public ImportFolder Write(string name, string content) => WriteBytes(name, Encoding.UTF8.GetBytes(content));

    public ImportFolder WriteBytes(string name, byte[] content)
    {
        var path = System.IO.Path.Combine(Path, name);
        if (name.EndsWith(".gz", StringComparison.Ordinal))
        {
            using var file = File.Create(path);
            using var gzip = new GZipStream(file, CompressionLevel.Optimal);
            gzip.Write(content);
        }
        else
        {
            File.WriteAllBytes(path, content);
        }

        return this;
    }

    public ImportFolder Delete(string name)
    {
        File.Delete(System.IO.Path.Combine(Path, name));
        return this;
    }

    public void Dispose() => Directory.Delete(Path, recursive: true);
}
