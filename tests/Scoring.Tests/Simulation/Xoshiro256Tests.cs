using Microcredit.Scoring.Simulation;

namespace Microcredit.Scoring.Tests.Simulation;

public class Xoshiro256Tests
{
    [Fact]
    public void SplitMix64_MatchesTheReferenceSequence()
    {
        // Reference values for seed 1234567 (Vigna's splitmix64.c, as listed on Rosetta Code).
        ulong x = 1234567;
        Assert.Equal(6457827717110365317UL, Xoshiro256.SplitMix64(ref x));
        Assert.Equal(3203168211198807973UL, Xoshiro256.SplitMix64(ref x));
        Assert.Equal(9817491932198370423UL, Xoshiro256.SplitMix64(ref x));
        Assert.Equal(4593380528125082431UL, Xoshiro256.SplitMix64(ref x));
        Assert.Equal(16408922859458223821UL, Xoshiro256.SplitMix64(ref x));
    }

    [Theory]
    [InlineData(0.3)]
    [InlineData(5.0)]
    [InlineData(40.0)]
    [InlineData(400.0)]
    public void Poisson_HasMeanAndVarianceLambda(double lambda)
    {
        var rng = new Xoshiro256(7);
        const int n = 200_000;
        double sum = 0, sumSq = 0;
        for (var i = 0; i < n; i++)
        {
            double k = rng.Poisson(lambda);
            sum += k;
            sumSq += k * k;
        }

        var mean = sum / n;
        var variance = (sumSq / n) - (mean * mean);
        Assert.InRange(mean, lambda - (5 * Math.Sqrt(lambda / n)), lambda + (5 * Math.Sqrt(lambda / n)));
        Assert.InRange(variance / lambda, 0.97, 1.03);
    }

    [Fact]
    public void Normal_HasMeanZeroAndUnitVariance()
    {
        var rng = new Xoshiro256(11);
        const int n = 200_000;
        double sum = 0, sumSq = 0;
        for (var i = 0; i < n; i++)
        {
            var z = rng.NextNormal();
            sum += z;
            sumSq += z * z;
        }

        Assert.InRange(sum / n, -0.012, 0.012);
        Assert.InRange(sumSq / n, 0.985, 1.015);
    }

    [Fact]
    public void Streams_OfDifferentIndicesDiffer()
    {
        var a = Xoshiro256.ForStream(1, 0);
        var b = Xoshiro256.ForStream(1, 1);
        Assert.NotEqual(a.NextUInt64(), b.NextUInt64());
    }
}
