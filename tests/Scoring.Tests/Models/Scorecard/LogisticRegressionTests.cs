using Microcredit.Scoring.Models.Data;
using Microcredit.Scoring.Models.Scorecard;

namespace Microcredit.Scoring.Tests.Models.Scorecard;

public class LogisticRegressionTests
{
    // Reference: scikit-learn 1.2.1 (Debian python3-sklearn), LogisticRegression(solver='newton-cg',
    // tol=1e-12) on the data of Sample(): C = 1/λ, intercept unpenalized.
    [Theory]
    [InlineData(1.0, -0.5375640355712944, 1.02372003759011, -1.51945477259338, 0.8987471214437601)]
    [InlineData(10.0, -0.2213081504599858, 0.6265238790277714, -0.9625900773397902, 0.5152961922362852)]
    [InlineData(0.0, -0.6244027724322163, 1.1302273092165358, -1.6614868193078995, 1.0060659853650982)]
    public void Fit_MatchesScikitLearn(double l2, double intercept, double b1, double b2, double b3)
    {
        var (x, y) = Sample();

        var fit = LogisticRegression.Fit(x, y, l2);

        Assert.Equal(intercept, fit.Intercept, 6);
        Assert.Equal(b1, fit.Coefficients[0], 6);
        Assert.Equal(b2, fit.Coefficients[1], 6);
        Assert.Equal(b3, fit.Coefficients[2], 6);
    }

    [Fact]
    public void Fit_PerfectlySeparatedWithoutPenalty_ReportsNoConvergence()
    {
        double[] x = [1, 2, 3, 4, 5, 6];
        int[] y = [0, 0, 0, 1, 1, 1];

        var error = Assert.Throws<ModelDataException>(() => LogisticRegression.Fit([x], y, l2: 0, maxIterations: 50));

        Assert.Contains("did not converge", error.Message, StringComparison.Ordinal);
    }

    /// <summary>The fixture's data: 200 rows, three features, labels from a fixed formula (see the generator in the commit).</summary>
    internal static (double[][] X, int[] Y) Sample()
    {
        const int n = 200;
        var x = new[] { new double[n], new double[n], new double[n] };
        var y = new int[n];
        for (var i = 0; i < n; i++)
        {
            x[0][i] = Math.Sin(i);
            x[1][i] = Math.Cos(1.3 * i);
            x[2][i] = (i % 7) / 3.0;
            var z = (0.8 * x[0][i]) - (1.2 * x[1][i]) + (0.5 * x[2][i]) - 0.3 + (Math.Sin(7.1 * i) * 1.5);
            y[i] = z > 0 ? 1 : 0;
        }

        return (x, y);
    }
}
