using System.Buffers.Binary;
using System.IO.Compression;

namespace Microcredit.Scoring.Import;

/// <summary>
/// A gzip file's content, checked for completeness at its end: GZipStream reports the end of a
/// file cut short (a half-copied export) as a normal end, so the rows before the cut would import
/// as if they were the whole file. The file's last eight bytes are its last member's trailer
/// (RFC 1952): CRC-32 and size (mod 2^32) of that member's data, which is the end of the content.
/// A single-member file passes when the size read matches; a file of several members (what
/// <c>credit simulate</c> writes) when the CRC-32 of the last <c>size</c> bytes read matches. A cut
/// file ends in compressed data instead, which matches by a 1 in 2^32 chance. A multi-member file
/// whose last member is above <see cref="MaxCheckedMember"/> cannot be checked and is refused
/// (recompressed as one member it passes).
/// </summary>
internal sealed class GzipInput : Stream
{
    /// <summary>Largest last member whose content is kept to check its CRC-32 (the simulator's are a few MB).</summary>
    private const int MaxCheckedMember = 64 << 20;

    private readonly GZipStream gzip;
    private readonly uint statedCrc;
    private readonly uint statedSize;
    private readonly byte[]? tail;
    private readonly string? tooShort;
    private long size;
    private bool checkedEnd;

    public GzipInput(FileStream file)
    {
        gzip = new GZipStream(file, CompressionMode.Decompress);
        if (file.Length < 18)
        {
            // Reported by the first read, where the importer reports unreadable files.
            tooShort = $"{file.Length} bytes are too few for a gzip file";
            return;
        }

        Span<byte> trailer = stackalloc byte[8];
        file.Seek(-8, SeekOrigin.End);
        file.ReadExactly(trailer);
        file.Seek(0, SeekOrigin.Begin);
        statedCrc = BinaryPrimitives.ReadUInt32LittleEndian(trailer);
        statedSize = BinaryPrimitives.ReadUInt32LittleEndian(trailer[4..]);
        tail = statedSize <= MaxCheckedMember ? new byte[statedSize] : null;
    }

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position { get => size; set => throw new NotSupportedException(); }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        if (tooShort is not null)
        {
            throw new InvalidDataException(tooShort);
        }

        var read = gzip.Read(buffer);
        Keep(buffer[..read]);
        size += read;
        if (read == 0 && buffer.Length > 0 && !checkedEnd)
        {
            checkedEnd = true;
            CheckEnd();
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

    /// <summary>Keeps the last <see cref="statedSize"/> bytes read in a ring: the byte at offset p in tail[p mod size].</summary>
    private void Keep(ReadOnlySpan<byte> read)
    {
        if (tail is null || tail.Length == 0)
        {
            return;
        }

        var end = size + read.Length;
        if (read.Length > tail.Length)
        {
            read = read[^tail.Length..];
        }

        var at = (int)((end - read.Length) % tail.Length);
        var first = Math.Min(read.Length, tail.Length - at);
        read[..first].CopyTo(tail.AsSpan(at));
        read[first..].CopyTo(tail);
    }

    /// <exception cref="InvalidDataException">What was read disagrees with the trailer: the file is cut short or corrupt.</exception>
    private void CheckEnd()
    {
        if ((uint)size == statedSize)
        {
            // One member, whole.
            return;
        }

        if (tail is null && statedSize <= size)
        {
            throw new InvalidDataException(
                $"its last gzip member is larger than {MaxCheckedMember >> 20} MiB in a file of several members, too large to check that the file is whole; recompress it as one member (gzip -dc FILE | gzip)");
        }

        if (tail is not null && tail.Length > 0 && size >= tail.Length)
        {
            var start = (int)(size % tail.Length);
            if (Crc32.Append(Crc32.Append(0, tail.AsSpan(start)), tail.AsSpan(0, start)) == statedCrc)
            {
                // Several members, the last one whole.
                return;
            }
        }

        throw new InvalidDataException($"the file ends after {size:N0} uncompressed bytes, which its gzip trailer does not describe: it is cut short or corrupt");
    }

    /// <summary>CRC-32 as gzip computes it (IEEE 802.3, reflected polynomial 0xEDB88320).</summary>
    private static class Crc32
    {
        private static readonly uint[] Table = Build();

        public static uint Append(uint crc, ReadOnlySpan<byte> data)
        {
            crc = ~crc;
            foreach (var b in data)
            {
                crc = Table[(crc ^ b) & 0xFF] ^ (crc >> 8);
            }

            return ~crc;
        }

        private static uint[] Build()
        {
            var table = new uint[256];
            for (var n = 0u; n < 256; n++)
            {
                var c = n;
                for (var k = 0; k < 8; k++)
                {
                    c = (c & 1) != 0 ? 0xEDB88320 ^ (c >> 1) : c >> 1;
                }

                table[n] = c;
            }

            return table;
        }
    }
}
