using System.Globalization;
using System.Text;
using Microcredit.Scoring.Simulation;

namespace Microcredit.Scoring.Tests.Simulation;

public class Utf8BufferTests
{
    [Theory]
    [InlineData(0L)]
    [InlineData(951_782_400L)]       // 2000-02-29
    [InlineData(1_709_164_799L)]     // 2024-02-28T23:59:59
    [InlineData(1_735_689_599L)]     // 2024-12-31T23:59:59
    [InlineData(4_102_444_800L)]     // 2100-01-01
    public void AppendTimestamp_MatchesTheBclFormat(long seconds)
    {
        var expected = DateTimeOffset.FromUnixTimeSeconds(seconds).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
        Assert.Equal(expected, Format(b => b.AppendTimestamp(seconds)));
    }

    [Fact]
    public void AppendDate_MatchesDateOnlyForEveryDayOf400Years()
    {
        var epoch = new DateOnly(1970, 1, 1).DayNumber;
        for (var day = -1000; day < 146_097; day += 7)
        {
            Assert.Equal(DateOnly.FromDayNumber(epoch + day).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), Format(b => b.AppendDate(day)));
        }
    }

    [Theory]
    [InlineData(0L, "0.00")]
    [InlineData(7L, "0.07")]
    [InlineData(100L, "1.00")]
    [InlineData(123_456L, "1234.56")]
    public void AppendCents_WritesTwoDecimals(long cents, string expected) => Assert.Equal(expected, Format(b => b.AppendCents(cents)));

    [Theory]
    [InlineData(500L, "0.000500")]
    [InlineData(1_234_567L, "1.234567")]
    public void AppendMicros_WritesSixDecimals(long micros, string expected) => Assert.Equal(expected, Format(b => b.AppendMicros(micros)));

    [Theory]
    [InlineData(0.0123455, "0.012346")]
    [InlineData(1.0, "1.000000")]
    [InlineData(0.0, "0.000000")]
    public void AppendFixed6_RoundsToSixDecimals(double value, string expected) => Assert.Equal(expected, Format(b => b.AppendFixed6(value)));

    [Theory]
    [InlineData(-0.12345, "-0.1235")]
    [InlineData(2.5, "2.5000")]
    public void AppendFixed4_KeepsTheSign(double value, string expected) => Assert.Equal(expected, Format(b => b.AppendFixed4(value)));

    [Fact]
    public void AppendPadded_PadsWithZeros() => Assert.Equal("000042", Format(b => b.AppendPadded(42, 6)));

    private static string Format(Action<Utf8Buffer> write)
    {
        var buffer = new Utf8Buffer(4);
        write(buffer);
        return Encoding.UTF8.GetString(buffer.Span);
    }
}
