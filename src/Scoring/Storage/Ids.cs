using System.Buffers.Binary;
using System.Security.Cryptography;

namespace Microcredit.Scoring.Storage;

/// <summary>
/// Identifiers the platform creates (decisions, loans, API keys, audit events): a prefix and 26
/// characters of Crockford base32 over 128 bits. Random rather than sequential so that an id
/// reveals nothing about volume and two instances never collide without coordinating.
/// </summary>
/// <remarks>
/// Rows written at the API's rate (decisions, audit events) take <see cref="NewOrdered"/> ids: the
/// first 48 bits are the creation time in milliseconds (as ULIDs are), so each insert lands at the
/// right edge of the primary-key index instead of on a random leaf page: one page dirtied for many
/// inserts instead of one page each, less WAL to write and fsync per commit. The time is already
/// in the row (and in the response); the 80 random bits still say nothing about volume.
/// </remarks>
public static class Ids
{
    private const string Alphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

    public static string New(string prefix) => prefix + Base32(RandomNumberGenerator.GetBytes(16));

    /// <summary>An id whose order is its creation order to the millisecond: 48 bits of <paramref name="at"/>, 80 random bits.</summary>
    public static string NewOrdered(string prefix, DateTimeOffset at)
    {
        Span<byte> bytes = stackalloc byte[16];
        BinaryPrimitives.WriteUInt64BigEndian(bytes, (ulong)at.ToUnixTimeMilliseconds() << 16);
        RandomNumberGenerator.Fill(bytes[6..]);
        return prefix + Base32(bytes);
    }

    /// <summary>Crockford base32 of <paramref name="bytes"/>, 5 bits a character, most significant first.</summary>
    public static string Base32(ReadOnlySpan<byte> bytes)
    {
        var chars = new char[((bytes.Length * 8) + 4) / 5];
        var buffer = 0;
        var bits = 0;
        var at = 0;
        foreach (var b in bytes)
        {
            buffer = (buffer << 8) | b;
            bits += 8;
            while (bits >= 5)
            {
                bits -= 5;
                chars[at++] = Alphabet[(buffer >> bits) & 31];
            }
        }

        if (bits > 0)
        {
            chars[at] = Alphabet[(buffer << (5 - bits)) & 31];
        }

        return new string(chars);
    }
}
