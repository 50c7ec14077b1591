using System.Security.Cryptography;

namespace Microcredit.Scoring.Storage;

/// <summary>
/// Identifiers the platform creates (decisions, loans, API keys, audit events): a prefix and 26
/// characters of Crockford base32 over 128 random bits. Random rather than sequential so that an id
/// reveals nothing about volume and two instances never collide without coordinating.
/// </summary>
public static class Ids
{
    private const string Alphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

    public static string New(string prefix) => prefix + Base32(RandomNumberGenerator.GetBytes(16));

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
