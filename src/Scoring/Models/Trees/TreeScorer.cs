using Microcredit.Scoring.Models.Calibration;
using Microcredit.Scoring.Models.Scorecard;
using Microcredit.Scoring.Models.Scoring;

namespace Microcredit.Scoring.Models.Trees;

/// <summary>
/// Boosted trees flattened into one set of arrays (all trees' nodes back to back, children as
/// absolute indices), so a row walks plain arrays without allocating. The score is the margin on
/// the shared points scale; reasons are the TreeSHAP contributions that raise the risk, in points.
/// </summary>
public sealed class TreeScorer : ModelScorer
{
    private readonly int[] roots;
    private readonly int[] feature;
    private readonly double[] threshold;
    private readonly float[] threshold32;
    private readonly int[] left;
    private readonly int[] right;
    private readonly bool[] defaultLeft;
    private readonly double[] value;
    private readonly bool float32;
    private readonly double baseMargin;
    private readonly PointsScale scale;
    private readonly double factor;

    [ThreadStatic]
    private static double[]? phiBuffer;

    public TreeScorer(TreeEnsemble ensemble, FeatureSchema schema, PointsScale scale, CalibrationMap calibration)
        : base(schema, scale, calibration)
    {
        Ensemble = ensemble;
        this.scale = scale;
        factor = scale.Factor();
        baseMargin = ensemble.BaseMargin;
        float32 = ensemble.Float32Splits;
        var total = ensemble.Trees.Sum(t => t.NodeCount);
        roots = new int[ensemble.Trees.Count];
        feature = new int[total];
        threshold = new double[total];
        threshold32 = new float[total];
        left = new int[total];
        right = new int[total];
        defaultLeft = new bool[total];
        value = new double[total];
        var at = 0;
        for (var t = 0; t < roots.Length; t++)
        {
            var tree = ensemble.Trees[t];
            roots[t] = at;
            for (var k = 0; k < tree.NodeCount; k++)
            {
                var f = tree.Feature[k];
                if (f >= schema.Features.Count)
                {
                    throw new ArgumentException($"Tree {t} splits on feature {f}; the schema has {schema.Features.Count}.", nameof(ensemble));
                }

                feature[at + k] = f;
                threshold[at + k] = tree.Threshold[k];
                threshold32[at + k] = (float)tree.Threshold[k];
                left[at + k] = f >= 0 ? at + tree.Left[k] : -1;
                right[at + k] = f >= 0 ? at + tree.Right[k] : -1;
                defaultLeft[at + k] = tree.DefaultLeft[k];
                value[at + k] = tree.Value[k];
            }

            at += tree.NodeCount;
        }

        Shap = new TreeShap(ensemble, schema.Features.Count);
    }

    public TreeEnsemble Ensemble { get; }

    /// <summary>The explainer; its expected value plus a row's contributions is the row's margin.</summary>
    public TreeShap Shap { get; }

    /// <summary>The log-odds of bad for one encoded row.</summary>
    public double Margin(ReadOnlySpan<double> row)
    {
        var sum = baseMargin;
        if (float32)
        {
            foreach (var root in roots)
            {
                var n = root;
                while (feature[n] >= 0)
                {
                    var x = row[feature[n]];
                    n = double.IsNaN(x) ? (defaultLeft[n] ? left[n] : right[n]) : (float)x < threshold32[n] ? left[n] : right[n];
                }

                sum += value[n];
            }

            return sum;
        }

        foreach (var root in roots)
        {
            var n = root;
            while (feature[n] >= 0)
            {
                var x = row[feature[n]];
                n = double.IsNaN(x) ? (defaultLeft[n] ? left[n] : right[n]) : x < threshold[n] ? left[n] : right[n];
            }

            sum += value[n];
        }

        return sum;
    }

    public override double Score(ReadOnlySpan<double> row) => scale.ScoreOf(Margin(row));

    /// <summary>Adverse reasons: the features whose contribution raises the log-odds of bad, in points (factor × contribution).</summary>
    public override int Explain(ReadOnlySpan<double> row, Span<Reason> reasons)
    {
        var phi = phiBuffer is { } buffer && buffer.Length == Schema.Features.Count ? buffer : phiBuffer = new double[Schema.Features.Count];
        Shap.Contributions(row, phi);
        var capacity = Math.Min(reasons.Length, MaxReasons);
        var found = 0;
        for (var f = 0; f < phi.Length; f++)
        {
            var cost = factor * phi[f];
            if (cost <= 0)
            {
                continue;
            }

            var at = found;
            while (at > 0 && reasons[at - 1].Points < cost)
            {
                at--;
            }

            if (at >= capacity)
            {
                continue;
            }

            for (var k = Math.Min(found, capacity - 1); k > at; k--)
            {
                reasons[k] = reasons[k - 1];
            }

            reasons[at] = new Reason(f, cost);
            found = Math.Min(found + 1, capacity);
        }

        return found;
    }
}
