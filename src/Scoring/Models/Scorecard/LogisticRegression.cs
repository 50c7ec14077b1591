using MathNet.Numerics.LinearAlgebra;
using Microcredit.Scoring.Models.Data;

namespace Microcredit.Scoring.Models.Scorecard;

/// <summary>
/// Binary logistic regression with an L2 penalty, fitted by Newton's method (IRLS): minimizes
/// Σ log-loss + (λ/2)·‖β‖² with the intercept unpenalized (scikit-learn's objective with C = 1/λ).
/// Each step is halved until the objective falls; convergence is declared when no coefficient
/// moves by more than the tolerance, and a fit that does not converge is an error.
/// </summary>
public static class LogisticRegression
{
    /// <summary>Fits on feature columns <paramref name="x"/> (each one value per row) and 0/1 labels.</summary>
    /// <exception cref="ModelDataException">The fit did not converge in <paramref name="maxIterations"/>.</exception>
    public static LogisticFit Fit(IReadOnlyList<double[]> x, ReadOnlySpan<int> y, double l2, int maxIterations = 100, double tolerance = 1e-9)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(l2);
        var n = y.Length;
        var p = x.Count + 1;
        var beta = new double[p];
        var mean = 0.0;
        foreach (var label in y)
        {
            mean += label;
        }

        mean /= n;
        beta[0] = Math.Log(Math.Clamp(mean, 1e-12, 1 - 1e-12) / (1 - Math.Clamp(mean, 1e-12, 1 - 1e-12)));
        var loss = Objective(x, y, beta, l2);
        var labels = y.ToArray();
        for (var iteration = 1; iteration <= maxIterations; iteration++)
        {
            var h = new double[p, p];
            var g = new double[p];
            var row = new double[p];
            row[0] = 1;
            for (var i = 0; i < n; i++)
            {
                for (var j = 1; j < p; j++)
                {
                    row[j] = x[j - 1][i];
                }

                var eta = Dot(row, beta);
                var prob = Sigmoid(eta);
                var weight = Math.Max(prob * (1 - prob), 1e-12);
                var residual = prob - labels[i];
                for (var a = 0; a < p; a++)
                {
                    g[a] += residual * row[a];
                    var wa = weight * row[a];
                    for (var b = 0; b <= a; b++)
                    {
                        h[a, b] += wa * row[b];
                    }
                }
            }

            for (var a = 0; a < p; a++)
            {
                for (var b = 0; b < a; b++)
                {
                    h[b, a] = h[a, b];
                }

                if (a > 0)
                {
                    g[a] += l2 * beta[a];
                    h[a, a] += l2;
                }
            }

            var hessian = Matrix<double>.Build.DenseOfArray(h);
            var gradient = Vector<double>.Build.Dense(g);

            var step = hessian.Cholesky().Solve(gradient);
            var scale = 1.0;
            double[] candidate;
            double candidateLoss;
            do
            {
                candidate = new double[p];
                for (var a = 0; a < p; a++)
                {
                    candidate[a] = beta[a] - (scale * step[a]);
                }

                candidateLoss = Objective(x, y, candidate, l2);
                scale /= 2;
            }
            while (candidateLoss > loss + (1e-12 * Math.Abs(loss)) && scale > 1e-10);

            var moved = 0.0;
            for (var a = 0; a < p; a++)
            {
                moved = Math.Max(moved, Math.Abs(candidate[a] - beta[a]));
            }

            beta = candidate;
            loss = candidateLoss;
            if (moved < tolerance)
            {
                return new LogisticFit(beta[0], beta[1..], iteration, loss);
            }
        }

        throw new ModelDataException($"Logistic regression did not converge in {maxIterations} Newton steps (perfectly separated data? raise the L2 penalty).");
    }

    public static double Sigmoid(double eta) => eta >= 0 ? 1 / (1 + Math.Exp(-eta)) : Math.Exp(eta) / (1 + Math.Exp(eta));

    private static double Objective(IReadOnlyList<double[]> x, ReadOnlySpan<int> y, double[] beta, double l2)
    {
        double loss = 0;
        for (var i = 0; i < y.Length; i++)
        {
            var eta = beta[0];
            for (var j = 1; j < beta.Length; j++)
            {
                eta += beta[j] * x[j - 1][i];
            }

            // log(1 + e^eta) − y·eta, computed without overflow.
            loss += (eta > 0 ? eta + Math.Log(1 + Math.Exp(-eta)) : Math.Log(1 + Math.Exp(eta))) - (y[i] * eta);
        }

        for (var j = 1; j < beta.Length; j++)
        {
            loss += 0.5 * l2 * beta[j] * beta[j];
        }

        return loss;
    }

    private static double Dot(double[] a, double[] b)
    {
        double sum = 0;
        for (var i = 0; i < a.Length; i++)
        {
            sum += a[i] * b[i];
        }

        return sum;
    }
}
