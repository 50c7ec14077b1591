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
    private readonly CompleteTrees shallow;
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
        shallow = new CompleteTrees([.. ensemble.Trees.Where(t => t.Depth() <= CompleteTrees.MaxDepth)], float32);
        var deep = ensemble.Trees.Where(t => t.Depth() > CompleteTrees.MaxDepth).ToList();
        foreach (var tree in ensemble.Trees)
        {
            foreach (var f in tree.Feature)
            {
                if (f >= schema.Features.Count)
                {
                    throw new ArgumentException($"A tree splits on feature {f}; the schema has {schema.Features.Count}.", nameof(ensemble));
                }
            }
        }

        var total = deep.Sum(t => t.NodeCount);
        roots = new int[deep.Count];
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
            var tree = deep[t];
            roots[t] = at;
            for (var k = 0; k < tree.NodeCount; k++)
            {
                var f = tree.Feature[k];
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
    public double Margin(ReadOnlySpan<double> row) => baseMargin + shallow.Margin(row) + DeepMargin(row);

    /// <summary>Scores and pds in blocks of rows that walk one tree at a time (the tree stays in cache), chunks of blocks in parallel.</summary>
    public override void ScoreBatch(double[] rows, double[] scores, double[] pds, int threads = 0)
    {
        var width = Schema.Features.Count;
        var count = scores.Length;
        if (rows.Length != count * width || pds.Length != count)
        {
            throw new ArgumentException($"{rows.Length} values for {count} rows of {width} features.", nameof(rows));
        }

        const int block = 64;
        var blocks = (count + block - 1) / block;
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = threads > 0 ? threads : Environment.ProcessorCount };
        Parallel.For(0, (blocks + 63) / 64, parallel, chunk =>
        {
            Span<double> margins = stackalloc double[block];
            for (int b = chunk * 64, end = Math.Min(blocks, (chunk + 1) * 64); b < end; b++)
            {
                var first = b * block;
                var size = Math.Min(block, count - first);
                var part = margins[..size];
                part.Fill(baseMargin);
                shallow.AddMargins(rows, width, first, part);
                for (var i = 0; i < size; i++)
                {
                    var score = scale.ScoreOf(part[i] + DeepMargin(rows.AsSpan((first + i) * width, width)));
                    scores[first + i] = score;
                    pds[first + i] = Pd(score);
                }
            }
        });
    }

    private double DeepMargin(ReadOnlySpan<double> row)
    {
        double sum = 0;
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

            found = InsertReason(reasons, found, capacity, f, cost);
        }

        return found;
    }
}
