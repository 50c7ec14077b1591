using System.Buffers.Binary;
using System.IO.Compression;

namespace Microcredit.Scoring.Import;

/// <summary>
/// A gzip file's content, checked for completeness at its end: GZipStream reports the end of a
/// file cut short (a half-copied export) as a normal end, so the rows before the cut would
/// import as if they were the whole file. The gzip trailer's last four bytes hold the
/// uncompressed size modulo 2^32 (RFC 1952 ISIZE); a cut file ends in compressed data instead,
/// which matches the size read only by a 1 in 2^32 chance. A file of several gzip members (rare:
/// <c>cat a.gz b.gz</c>) fails the check too, because the trailer is the last member's: recompress it as one.
/// </summary>
internal sealed class GzipInput(FileStream file) : Stream
{
    private readonly GZipStream gzip = new(file, CompressionMode.Decompress);
    private long size;
    private bool checkedEnd;

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position { get => size; set => throw new NotSupportedException(); }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        var read = gzip.Read(buffer);
        size += read;
        if (read == 0 && buffer.Length > 0 && !checkedEnd)
        {
            checkedEnd = true;
            CheckTrailer();
        }

        return read;
    }

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            gzip.Dispose();
        }

        base.Dispose(disposing);
    }

    /// <exception cref="InvalidDataException">The file is shorter than a gzip file can be, or its trailer disagrees with what it held.</exception>
    private void CheckTrailer()
    {
        Span<byte> trailer = stackalloc byte[4];
        using var end = new FileStream(file.Name, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        if (end.Length < 18)
        {
            throw new InvalidDataException($"{end.Length} bytes are too few for a gzip file");
        }

        end.Seek(-4, SeekOrigin.End);
        end.ReadExactly(trailer);
        var stated = BinaryPrimitives.ReadUInt32LittleEndian(trailer);
        if (stated != (uint)size)
        {
            throw new InvalidDataException($"the file ends after {size:N0} uncompressed bytes but its gzip trailer says {stated:N0} (mod 2^32): it is cut short or corrupt");
        }
    }
}
