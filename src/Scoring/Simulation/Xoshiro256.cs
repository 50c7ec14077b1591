namespace Microcredit.Scoring.Simulation;

/// <summary>
/// xoshiro256** seeded through SplitMix64: our own generator, so the simulator's output never
/// depends on System.Random's algorithm (which may change between runtimes). A mutable struct:
/// pass it by <c>ref</c>. Not thread-safe; each merchant gets its own stream.
/// </summary>
internal struct Xoshiro256
{
    private ulong s0;
    private ulong s1;
    private ulong s2;
    private ulong s3;
    private double spareNormal;
    private bool hasSpare;

    public Xoshiro256(ulong seed)
    {
        var x = seed;
        s0 = SplitMix64(ref x);
        s1 = SplitMix64(ref x);
        s2 = SplitMix64(ref x);
        s3 = SplitMix64(ref x);
    }

    /// <summary>An independent stream for (seed, stream), e.g. one per merchant index, so results don't depend on scheduling.</summary>
    public static Xoshiro256 ForStream(ulong seed, ulong stream)
    {
        var x = seed;
        var a = SplitMix64(ref x);
        var y = stream ^ 0xD1B54A32D192ED03UL;
        var b = SplitMix64(ref y);
        return new Xoshiro256(a ^ (b * 0x9E3779B97F4A7C15UL));
    }

    public static ulong SplitMix64(ref ulong x)
    {
        var z = x += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    public ulong NextUInt64()
    {
        var result = ulong.RotateLeft(s1 * 5, 7) * 9;
        var t = s1 << 17;
        s2 ^= s0;
        s3 ^= s1;
        s1 ^= s2;
        s0 ^= s3;
        s2 ^= t;
        s3 = ulong.RotateLeft(s3, 45);
        return result;
    }

    /// <summary>Uniform in [0, 1).</summary>
    public double NextDouble() => (NextUInt64() >> 11) * (1.0 / (1UL << 53));

    /// <summary>Uniform in [lo, hi).</summary>
    public double Uniform(double lo, double hi) => lo + ((hi - lo) * NextDouble());

    /// <summary>Uniform integer in [0, n) by multiply-shift (bias below 2^-32, irrelevant here).</summary>
    public int NextInt(int n) => (int)(((NextUInt64() >> 32) * (ulong)n) >> 32);

    /// <summary>Uniform integer in [lo, hi] inclusive, by the high half of a 128-bit product (no division; bias below 2^-40 here).</summary>
    public long NextLong(long lo, long hi) => lo + (long)Math.BigMul((ulong)(hi - lo + 1), NextUInt64(), out _);

    /// <summary>Uniform on [-√3, √3): mean 0, variance 1, at a fraction of a normal's cost.</summary>
    public double NextUnitUniform() => 1.7320508075688772 * ((2 * NextDouble()) - 1);

    public bool Bernoulli(double p) => NextDouble() < p;

    /// <summary>Standard normal by Box–Muller; the pair's second value is kept for the next call.</summary>
    public double NextNormal()
    {
        if (hasSpare)
        {
            hasSpare = false;
            return spareNormal;
        }

        var u1 = 1.0 - NextDouble();
        var u2 = NextDouble();
        var radius = Math.Sqrt(-2.0 * Math.Log(u1));
        var (sin, cos) = Math.SinCos(2.0 * Math.PI * u2);
        spareNormal = radius * sin;
        hasSpare = true;
        return radius * cos;
    }

    public double Exponential(double mean) => -Math.Log(1.0 - NextDouble()) * mean;

    /// <summary>Poisson: inversion by multiplication for small means, PTRS (Hörmann 1993) otherwise.</summary>
    public int Poisson(double lambda)
    {
        if (lambda <= 0)
        {
            return 0;
        }

        if (lambda < 12)
        {
            var limit = Math.Exp(-lambda);
            var k = 0;
            var p = NextDouble();
            while (p > limit)
            {
                k++;
                p *= NextDouble();
            }

            return k;
        }

        var slam = Math.Sqrt(lambda);
        var loglam = Math.Log(lambda);
        var b = 0.931 + (2.53 * slam);
        var a = -0.059 + (0.02483 * b);
        var invalpha = 1.1239 + (1.1328 / (b - 3.4));
        var vr = 0.9277 - (3.6224 / (b - 2));
        while (true)
        {
            var u = NextDouble() - 0.5;
            var v = NextDouble();
            var us = 0.5 - Math.Abs(u);
            var k = Math.Floor((((2 * a) / us) + b) * u + lambda + 0.43);
            if (us >= 0.07 && v <= vr)
            {
                return (int)k;
            }

            if (k < 0 || (us < 0.013 && v > us))
            {
                continue;
            }

            if (Math.Log(v) + Math.Log(invalpha) - Math.Log((a / (us * us)) + b) <= -lambda + (k * loglam) - LogFactorial(k))
            {
                return (int)k;
            }
        }
    }

    private static double LogFactorial(double k)
    {
        if (k < 2)
        {
            return 0;
        }

        // Stirling series; exact enough for k >= 12 where PTRS uses it, and fine below.
        return ((k + 0.5) * Math.Log(k)) - k + (0.5 * Math.Log(2 * Math.PI)) + (1.0 / (12 * k)) - (1.0 / (360 * k * k * k));
    }
}
