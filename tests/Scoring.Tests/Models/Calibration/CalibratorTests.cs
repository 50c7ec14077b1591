using Microcredit.Scoring.Models.Calibration;

namespace Microcredit.Scoring.Tests.Models.Calibration;

public class CalibratorTests
{
    // True model: P(event | m) = σ(1.5·m − 0.5), m uniform in [−3, 3]; outcomes drawn with a fixed seed.
    private static (double[] Margins, int[] Labels, double[] Truth) Sample(int n = 40_000)
    {
        var random = new Random(7);
        var margins = new double[n];
        var labels = new int[n];
        var truth = new double[n];
        for (var i = 0; i < n; i++)
        {
            margins[i] = (random.NextDouble() * 6) - 3;
            truth[i] = 1 / (1 + Math.Exp(-((1.5 * margins[i]) - 0.5)));
            labels[i] = random.NextDouble() < truth[i] ? 1 : 0;
        }

        return (margins, labels, truth);
    }

    [Fact]
    public void Platt_RecoversTheTrueSlopeAndIntercept()
    {
        var (margins, labels, _) = Sample();

        var map = Calibrator.FitPlatt(margins, labels);

        Assert.Equal(CalibrationMethod.Platt, map.Method);
        Assert.InRange(map.A!.Value, 1.45, 1.55);
        Assert.InRange(map.B!.Value, -0.55, -0.45);
        Assert.Equal(1 / (1 + Math.Exp(-((map.A.Value * 1.0) + map.B.Value))), map.Pd(1.0), 12);
    }

    [Fact]
    public void Isotonic_IsMonotoneAndCloseToTheTrueProbabilities()
    {
        var (margins, labels, truth) = Sample();

        var map = Calibrator.FitIsotonic(margins, labels);

        for (var k = 1; k < map.Values!.Count; k++)
        {
            Assert.True(map.Values[k] > map.Values[k - 1]);
            Assert.True(map.Thresholds![k] > map.Thresholds[k - 1]);
        }

        var meanError = Enumerable.Range(0, margins.Length).Average(i => Math.Abs(map.Pd(margins[i]) - truth[i]));
        Assert.True(meanError < 0.02, $"mean |pd − p| = {meanError}");
    }

    [Fact]
    public void Isotonic_PoolsAdjacentViolators()
    {
        // Rates by margin 0, 0.5, 1: 1, 0, 1 → the first two pool to 0.5.
        var map = Calibrator.FitIsotonic([0, 0.5, 1], [1, 0, 1]);

        Assert.Equal([0.0, 1.0], map.Thresholds);
        Assert.Equal([0.5, 1.0], map.Values);
        Assert.Equal(0.5, map.Pd(-10));
        Assert.Equal(0.5, map.Pd(0.7));
        Assert.Equal(1.0, map.Pd(1));
    }
}
