using Microcredit.Scoring.Models.Trees;

namespace Microcredit.Scoring.Tests.Models.Trees;

public class TreeShapTests
{
    /// <summary>
    /// Depth 3 over 3 features, feature 0 used twice on one path:
    /// 0: x0 &lt; 0.5 ? 1 : 2; 1: x1 &lt; 0 ? 3 : 4; 2: x0 &lt; 2 ? 5 : 6; 4: x2 &lt; 1 ? 7 : 8 (missing left).
    /// </summary>
    private static RegressionTree Tiny() => new()
    {
        Feature = [0, 1, 0, -1, 2, -1, -1, -1, -1],
        Threshold = [0.5, 0, 2, 0, 1, 0, 0, 0, 0],
        Left = [1, 3, 5, -1, 7, -1, -1, -1, -1],
        Right = [2, 4, 6, -1, 8, -1, -1, -1, -1],
        DefaultLeft = [false, true, false, false, true, false, false, false, false],
        Value = [0, 0, 0, 0.4, 0, -0.3, 0.9, -0.2, 0.7],
        Cover = [100, 60, 40, 25, 35, 30, 10, 20, 15],
    };

    [Theory]
    [InlineData(0.2, -1, 3)]
    [InlineData(0.2, 1, 0.5)]
    [InlineData(1.0, 5, double.NaN)]
    [InlineData(3.0, double.NaN, 2)]
    public void Contributions_EqualBruteForceShapleyValues(double x0, double x1, double x2)
    {
        var ensemble = new TreeEnsemble { BaseMargin = -1, Trees = [Tiny(), Tiny() with { Value = [0, 0, 0, -0.1, 0, 0.2, 0.5, 0.3, -0.6] }] };
        double[] row = [x0, x1, x2];
        var phi = new double[3];

        new TreeShap(ensemble, 3).Contributions(row, phi);

        var expected = BruteForce(ensemble, row);
        for (var f = 0; f < 3; f++)
        {
            Assert.Equal(expected[f], phi[f], 12);
        }
    }

    [Fact]
    public void Contributions_SumToMarginMinusExpectedValue_OnATrainedModel()
    {
        var (rows, labels) = SyntheticRows.Create(3_000, 6, seed: 8);
        var ensemble = GbdtTrainer.Train(rows, 6, labels, new GbdtOptions { Trees = 20, MaxDepth = 5, LearningRate = 0.3 }, seed: 2);
        var shap = new TreeShap(ensemble, 6);
        var phi = new double[6];

        for (var r = 0; r < 200; r++)
        {
            var row = rows.AsSpan(r * 6, 6);
            shap.Contributions(row, phi);
            Assert.Equal(ensemble.Margin(row) - shap.ExpectedValue, phi.Sum(), 9);
        }
    }

    /// <summary>Shapley values from the definition over all coalitions, with v(S) the cover-weighted expectation given the features in S.</summary>
    private static double[] BruteForce(TreeEnsemble ensemble, double[] row)
    {
        var m = row.Length;
        double Value(int mask) => ensemble.BaseMargin + ensemble.Trees.Sum(t => Conditional(t, 0, mask, row));
        var phi = new double[m];
        for (var i = 0; i < m; i++)
        {
            for (var mask = 0; mask < 1 << m; mask++)
            {
                if ((mask & (1 << i)) != 0)
                {
                    continue;
                }

                var size = System.Numerics.BitOperations.PopCount((uint)mask);
                var weight = Factorial(size) * Factorial(m - size - 1) / Factorial(m);
                phi[i] += weight * (Value(mask | (1 << i)) - Value(mask));
            }
        }

        return phi;
    }

    private static double Conditional(RegressionTree tree, int n, int mask, double[] row)
    {
        var f = tree.Feature[n];
        if (f < 0)
        {
            return tree.Value[n];
        }

        if ((mask & (1 << f)) != 0)
        {
            return Conditional(tree, tree.GoesLeft(n, row[f], singlePrecision: false) ? tree.Left[n] : tree.Right[n], mask, row);
        }

        return ((tree.Cover[tree.Left[n]] * Conditional(tree, tree.Left[n], mask, row)) + (tree.Cover[tree.Right[n]] * Conditional(tree, tree.Right[n], mask, row))) / tree.Cover[n];
    }

    private static double Factorial(int k) => k <= 1 ? 1 : k * Factorial(k - 1);
}
