using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Microcredit.Scoring.Simulation;

/// <summary>
/// A growable UTF-8 byte buffer that CSV rows are formatted into by hand: integers, cents,
/// timestamps and dates without allocating a string per field. Reused across chunks.
/// </summary>
internal sealed class Utf8Buffer(int capacity = 1 << 16)
{
    private byte[] bytes = new byte[capacity];

    public int Length { get; private set; }

    public ReadOnlySpan<byte> Span => bytes.AsSpan(0, Length);

    public ReadOnlyMemory<byte> Memory => bytes.AsMemory(0, Length);

    public void Clear() => Length = 0;

    private Span<byte> Reserve(int count)
    {
        if (Length + count > bytes.Length)
        {
            Array.Resize(ref bytes, Math.Max(bytes.Length * 2, Length + count));
        }

        return bytes.AsSpan(Length, count);
    }

    public void Append(byte b)
    {
        if (Length == bytes.Length)
        {
            Array.Resize(ref bytes, bytes.Length * 2);
        }

        bytes[Length++] = b;
    }

    public void Append(ReadOnlySpan<byte> text)
    {
        text.CopyTo(Reserve(text.Length));
        Length += text.Length;
    }

    public void Comma() => Append((byte)',');

    public void EndRow() => Append((byte)'\n');

    /// <summary>A non-negative integer in decimal.</summary>
    public void AppendInt(long value)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(value);
        var n = DigitCount((ulong)value);
        WriteDigits(Reserve(n), (ulong)value, n);
        Length += n;
    }

    /// <summary>A non-negative integer, left-padded with zeros to <paramref name="width"/> digits.</summary>
    public void AppendPadded(long value, int width)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(value);
        var n = Math.Max(width, DigitCount((ulong)value));
        WriteDigits(Reserve(n), (ulong)value, n);
        Length += n;
    }

    /// <summary>Money from cents with exactly 2 decimals: 12345 → <c>123.45</c>.</summary>
    public void AppendCents(long cents)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(cents);
        var whole = (ulong)cents / 100;
        var n = DigitCount(whole);
        var span = Reserve(n + 3);
        WriteDigits(span, whole, n);
        span[n] = (byte)'.';
        WriteDigits(span[(n + 1)..], (ulong)cents % 100, 2);
        Length += n + 3;
    }

    /// <summary>A fraction in [0, 1] with 6 decimals, rounded half away from zero: 0.0123456 → <c>0.012346</c>.</summary>
    public void AppendFixed6(double value)
    {
        var micros = (long)Math.Round(Math.Clamp(value, 0, 1) * 1_000_000, MidpointRounding.AwayFromZero);
        AppendMicros(micros);
    }

    /// <summary>A signed number with 4 decimals, rounded half away from zero: -0.12345 → <c>-0.1235</c>.</summary>
    public void AppendFixed4(double value)
    {
        var scaled = (long)Math.Round(value * 10_000, MidpointRounding.AwayFromZero);
        if (scaled < 0)
        {
            Append((byte)'-');
            scaled = -scaled;
        }

        AppendInt(scaled / 10_000);
        Append((byte)'.');
        AppendPadded(scaled % 10_000, 4);
    }

    /// <summary>A rate from millionths with 6 decimals: 500 → <c>0.000500</c>.</summary>
    public void AppendMicros(long micros)
    {
        AppendInt(micros / 1_000_000);
        Append((byte)'.');
        AppendPadded(micros % 1_000_000, 6);
    }

    /// <summary>Seconds since the Unix epoch as <c>yyyy-MM-ddTHH:mm:ssZ</c>.</summary>
    public void AppendTimestamp(long unixSeconds)
    {
        var day = Math.DivRem(unixSeconds, 86_400, out var second);
        if (second < 0)
        {
            second += 86_400;
            day--;
        }

        AppendDate(day);
        var span = Reserve(10);
        ref var dst = ref MemoryMarshal.GetReference(span);
        dst = (byte)'T';
        Unsafe.WriteUnaligned(ref Unsafe.Add(ref dst, 1), Unsafe.ReadUnaligned<ulong>(ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(FormatTables.Time), (int)second * 8)));
        Unsafe.Add(ref dst, 9) = (byte)'Z';
        Length += 10;
    }

    /// <summary>Days since the Unix epoch as <c>yyyy-MM-dd</c>.</summary>
    public void AppendDate(long unixDay)
    {
        var span = Reserve(10);
        if ((ulong)unixDay < FormatTables.DateDays)
        {
            ref var src = ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(FormatTables.Date), (int)unixDay * 10);
            ref var dst = ref MemoryMarshal.GetReference(span);
            Unsafe.WriteUnaligned(ref dst, Unsafe.ReadUnaligned<ulong>(ref src));
            Unsafe.WriteUnaligned(ref Unsafe.Add(ref dst, 8), Unsafe.ReadUnaligned<ushort>(ref Unsafe.Add(ref src, 8)));
        }
        else
        {
            FormatTables.FormatDate(unixDay, span);
        }

        Length += 10;
    }

    /// <summary>Writes exactly <paramref name="count"/> digits of <paramref name="value"/> (zero-padded), two at a time.</summary>
    private static void WriteDigits(Span<byte> span, ulong value, int count)
    {
        ref var dst = ref MemoryMarshal.GetReference(span);
        ref var pairs = ref MemoryMarshal.GetArrayDataReference(FormatTables.DigitPairs);
        var i = count;
        while (i >= 2)
        {
            var pair = (int)(value % 100);
            value /= 100;
            i -= 2;
            Unsafe.WriteUnaligned(ref Unsafe.Add(ref dst, i), Unsafe.ReadUnaligned<ushort>(ref Unsafe.Add(ref pairs, pair * 2)));
        }

        if (i == 1)
        {
            dst = (byte)('0' + (value % 10));
        }
    }

    internal static (int Year, int Month, int Day) CivilFromDays(long z)
    {
        z += 719_468;
        var era = (z >= 0 ? z : z - 146_096) / 146_097;
        var doe = z - (era * 146_097);
        var yoe = (doe - (doe / 1460) + (doe / 36_524) - (doe / 146_096)) / 365;
        var y = yoe + (era * 400);
        var doy = doe - ((365 * yoe) + (yoe / 4) - (yoe / 100));
        var mp = ((5 * doy) + 2) / 153;
        var d = doy - (((153 * mp) + 2) / 5) + 1;
        var m = mp < 10 ? mp + 3 : mp - 9;
        return ((int)(y + (m <= 2 ? 1 : 0)), (int)m, (int)d);
    }

    private static int DigitCount(ulong value)
    {
        var n = 1;
        while (value >= 10)
        {
            value /= 10;
            n++;
        }

        return n;
    }
}
