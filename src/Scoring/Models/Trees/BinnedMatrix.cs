namespace Microcredit.Scoring.Models.Trees;

/// <summary>
/// Encoded rows reduced to histogram bins: per feature, ascending cut points (bin b holds
/// cut[b−1] ≤ x &lt; cut[b]) and a row-major byte matrix of bin codes, <see cref="MissingBin"/>
/// for missing values. A split after bin b is the rule x &lt; cut[b], XGBoost's. A feature with no
/// missing value has all 256 codes for values (as XGBoost's max_bin 256); its splits never send
/// missing values left, so a code of 255 goes right whether read as the last value bin or as missing.
/// </summary>
public sealed class BinnedMatrix
{
    /// <summary>The code of a missing value in a feature that has any; value bins are then 0..254.</summary>
    public const int MissingBin = 255;

    /// <summary>Cut points are taken from at most this many rows (an evenly spaced sample beyond).</summary>
    private const int CutSampleRows = 200_000;

    private BinnedMatrix(int rows, int features, double[][] cuts, bool[] hasMissing, byte[] codes, byte[] columns)
    {
        Columns = columns;
        Rows = rows;
        Features = features;
        Cuts = cuts;
        HasMissing = hasMissing;
        Codes = codes;
    }

    public int Rows { get; }

    public int Features { get; }

    /// <summary>Per feature, the ascending cut points (value bins = cuts + 1).</summary>
    public double[][] Cuts { get; }

    /// <summary>Per feature, whether any row misses it (else code 255 is a value bin).</summary>
    public bool[] HasMissing { get; }

    /// <summary>The same codes feature-major, <c>Columns[feature * Rows + row]</c>: a split reads one feature of ascending rows.</summary>
    public byte[] Columns { get; }

    /// <summary>Row-major bin codes: <c>Codes[row * Features + feature]</c>.</summary>
    public byte[] Codes { get; }

    /// <summary>
    /// Bins row-major <paramref name="values"/> (rows × <paramref name="features"/>, NaN missing)
    /// into at most <paramref name="maxBins"/> bins per feature, the missing values' among them.
    /// </summary>
    public static BinnedMatrix Create(double[] values, int features, int maxBins, int threads = 0)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxBins, 2);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(maxBins, 256);
        var rows = values.Length / features;
        var cuts = new double[features][];
        var hasMissing = new bool[features];
        var codes = new byte[values.Length];
        var columns = new byte[values.Length];
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = threads > 0 ? threads : Environment.ProcessorCount };
        Parallel.For(0, features, parallel, f =>
        {
            for (var r = 0; r < rows && !hasMissing[f]; r++)
            {
                hasMissing[f] = double.IsNaN(values[(r * features) + f]);
            }

            cuts[f] = CutsOf(values, features, f, rows, hasMissing[f] ? maxBins - 1 : maxBins);
            var c = cuts[f];
            for (var r = 0; r < rows; r++)
            {
                var x = values[(r * features) + f];
                var code = double.IsNaN(x) ? (byte)MissingBin : (byte)BinOf(c, x);
                codes[(r * features) + f] = code;
                columns[((long)f * rows) + r] = code;
            }
        });
        return new BinnedMatrix(rows, features, cuts, hasMissing, codes, columns);
    }

    /// <summary>The number of cuts ≤ x: the bin of x.</summary>
    public static int BinOf(double[] cuts, double x)
    {
        int lo = 0, hi = cuts.Length;
        while (lo < hi)
        {
            var mid = (lo + hi) >> 1;
            if (cuts[mid] <= x)
            {
                lo = mid + 1;
            }
            else
            {
                hi = mid;
            }
        }

        return lo;
    }

    /// <summary>
    /// Cut points at quantiles of the present values: with at most <paramref name="bins"/> distinct
    /// values one bin each, else cuts at every rows/bins-th sorted value (duplicates merged).
    /// </summary>
    private static double[] CutsOf(double[] values, int features, int f, int rows, int bins)
    {
        var step = Math.Max(1, rows / CutSampleRows);
        var present = new List<double>((rows / step) + 1);
        for (var r = 0; r < rows; r += step)
        {
            var x = values[(r * features) + f];
            if (!double.IsNaN(x))
            {
                present.Add(x);
            }
        }

        if (present.Count == 0)
        {
            return [];
        }

        present.Sort();
        var distinct = new List<double> { present[0] };
        foreach (var x in present)
        {
            if (x != distinct[^1])
            {
                distinct.Add(x);
            }
        }

        if (distinct.Count <= bins)
        {
            return [.. distinct.Skip(1)];
        }

        var cuts = new List<double>(bins);
        for (var k = 1; k < bins; k++)
        {
            var x = present[(int)((long)present.Count * k / bins)];
            if (x > present[0] && (cuts.Count == 0 || x > cuts[^1]))
            {
                cuts.Add(x);
            }
        }

        return [.. cuts];
    }
}
