namespace Microcredit.Scoring.Tests.Models.Trees;

/// <summary>Seeded synthetic rows: standard-normal features (5% missing) and a nonlinear logistic label.</summary>
internal static class SyntheticRows
{
    public static (double[] Rows, int[] Labels) Create(int rows, int features, int seed)
    {
        var random = new Random(seed);
        var values = new double[rows * features];
        var labels = new int[rows];
        for (var r = 0; r < rows; r++)
        {
            for (var f = 0; f < features; f++)
            {
                values[(r * features) + f] = Normal(random);
            }

            var x = values.AsSpan(r * features, features);
            var logit = (1.5 * x[0]) - x[1] + (x[2] * x[3]) + Math.Sin(2 * x[0]) - 0.5;
            labels[r] = random.NextDouble() < 1 / (1 + Math.Exp(-logit)) ? 1 : 0;
            for (var f = 0; f < features; f++)
            {
                if (random.NextDouble() < 0.05)
                {
                    values[(r * features) + f] = double.NaN;
                }
            }
        }

        return (values, labels);
    }

    private static double Normal(Random random) =>
        Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
}
