using System.Globalization;
using MathNet.Numerics.LinearAlgebra;

namespace Microcredit.Scoring.Models.Selection;

/// <summary>
/// Chooses features by information value, then drops those highly correlated with a stronger one
/// (greedy in IV order), then drops the highest variance inflation factor until all are low.
/// </summary>
public static class FeatureSelector
{
    /// <summary>Indices of the kept candidates (in descending IV order) and a decision per candidate.</summary>
    public static (List<int> Selected, List<FeatureDecision> Decisions) Select(
        IReadOnlyList<string> names, IReadOnlyList<double> iv, IReadOnlyList<double[]> woe, SelectionOptions options)
    {
        var decisions = new Dictionary<int, FeatureDecision>();
        var order = Enumerable.Range(0, names.Count)
            .OrderByDescending(i => iv[i])
            .ThenBy(i => names[i], StringComparer.Ordinal)
            .ToList();
        var selected = new List<int>();
        foreach (var i in order)
        {
            if (iv[i] < options.MinIv)
            {
                decisions[i] = Dropped(names[i], iv[i], $"IV {F(iv[i])} < {F(options.MinIv)}");
                continue;
            }

            var clash = selected.FirstOrDefault(s => Math.Abs(Correlation(woe[i], woe[s])) > options.MaxCorrelation, -1);
            if (clash >= 0)
            {
                decisions[i] = Dropped(names[i], iv[i], $"|correlation| {F(Math.Abs(Correlation(woe[i], woe[clash])))} with {names[clash]} > {F(options.MaxCorrelation)}");
                continue;
            }

            selected.Add(i);
        }

        while (selected.Count > 1)
        {
            var vif = Vif([.. selected.Select(s => woe[s])]);
            var worst = 0;
            for (var k = 1; k < vif.Length; k++)
            {
                if (vif[k] > vif[worst])
                {
                    worst = k;
                }
            }

            if (vif[worst] <= options.MaxVif)
            {
                break;
            }

            var dropped = selected[worst];
            decisions[dropped] = Dropped(names[dropped], iv[dropped], $"VIF {F(vif[worst])} > {F(options.MaxVif)}");
            selected.RemoveAt(worst);
        }

        foreach (var s in selected)
        {
            decisions[s] = new FeatureDecision(names[s], iv[s], "selected", "");
        }

        return (selected, [.. order.Select(i => decisions[i])]);
    }

    /// <summary>Pearson correlation; 0 when either side is constant.</summary>
    public static double Correlation(double[] a, double[] b)
    {
        double meanA = 0, meanB = 0;
        for (var i = 0; i < a.Length; i++)
        {
            meanA += a[i];
            meanB += b[i];
        }

        meanA /= a.Length;
        meanB /= b.Length;
        double cov = 0, varA = 0, varB = 0;
        for (var i = 0; i < a.Length; i++)
        {
            var da = a[i] - meanA;
            var db = b[i] - meanB;
            cov += da * db;
            varA += da * da;
            varB += db * db;
        }

        return varA == 0 || varB == 0 ? 0 : cov / Math.Sqrt(varA * varB);
    }

    /// <summary>VIF of each column: the diagonal of the inverse correlation matrix (∞ when singular).</summary>
    public static double[] Vif(IReadOnlyList<double[]> columns)
    {
        var k = columns.Count;
        var r = Matrix<double>.Build.Dense(k, k, (i, j) => i == j ? 1 : Correlation(columns[i], columns[j]));
        var evd = r.Evd(MathNet.Numerics.LinearAlgebra.Symmetricity.Symmetric);
        if (evd.EigenValues.Real().Minimum() < 1e-10)
        {
            // Singular: the columns in the (near) null space are linear combinations of others.
            var inverse = r.Add(Matrix<double>.Build.DenseIdentity(k) * 1e-10).Inverse();
            return [.. Enumerable.Range(0, k).Select(i => inverse[i, i])];
        }

        var inv = r.Inverse();
        return [.. Enumerable.Range(0, k).Select(i => inv[i, i])];
    }

    private static FeatureDecision Dropped(string name, double iv, string reason) => new(name, iv, "dropped", reason);

    private static string F(double value) => value.ToString("0.###", CultureInfo.InvariantCulture);
}
