using Microcredit.Scoring.Models.Calibration;
using Microcredit.Scoring.Models.Scorecard;

namespace Microcredit.Scoring.Models.Scoring;

/// <summary>
/// A model compiled for scoring: every family (scorecard now, boosted trees next) turns an encoded
/// row into a score on the shared points scale and explains it with adverse reasons; the pd comes
/// from the score through the family-independent calibration. Thread-safe; the per-row methods do
/// not allocate.
/// </summary>
public abstract class ModelScorer
{
    /// <summary>At most four reasons, as US adverse-action practice advises.</summary>
    public const int MaxReasons = 4;

    private readonly double offset;
    private readonly double factor;
    private readonly bool platt;
    private readonly double a;
    private readonly double b;
    private readonly double[] thresholds;
    private readonly double[] values;

    protected ModelScorer(FeatureSchema schema, PointsScale scale, CalibrationMap calibration)
    {
        Schema = schema;
        offset = scale.Offset();
        factor = scale.Factor();
        platt = calibration.Method == CalibrationMethod.Platt;
        a = calibration.A ?? 0;
        b = calibration.B ?? 0;
        thresholds = [.. calibration.Thresholds ?? []];
        values = [.. calibration.Values ?? []];
    }

    public FeatureSchema Schema { get; }

    /// <summary>The score of one encoded row (one value per schema feature).</summary>
    public abstract double Score(ReadOnlySpan<double> row);

    /// <summary>
    /// Writes the adverse reasons of <paramref name="row"/> into <paramref name="reasons"/>, largest
    /// impact first (ties: schema order), and returns how many (at most its length and
    /// <see cref="MaxReasons"/>). Only features that cost points count.
    /// </summary>
    public abstract int Explain(ReadOnlySpan<double> row, Span<Reason> reasons);

    /// <summary>
    /// Inserts reason (<paramref name="feature"/>, <paramref name="cost"/>) into the first
    /// <paramref name="found"/> entries of <paramref name="reasons"/>, kept largest cost first (an equal
    /// cost stays behind earlier features) and at most <paramref name="capacity"/> long; returns the new count.
    /// </summary>
    protected static int InsertReason(Span<Reason> reasons, int found, int capacity, int feature, double cost)
    {
        var at = found;
        while (at > 0 && reasons[at - 1].Points < cost)
        {
            at--;
        }

        if (at >= capacity)
        {
            return found;
        }

        for (var k = Math.Min(found, capacity - 1); k > at; k--)
        {
            reasons[k] = reasons[k - 1];
        }

        reasons[at] = new Reason(feature, cost);
        return Math.Min(found + 1, capacity);
    }

    /// <summary>The calibrated probability of default at <paramref name="score"/>.</summary>
    public double Pd(double score)
    {
        var margin = (offset - score) / factor;
        if (platt)
        {
            return LogisticRegression.Sigmoid((a * margin) + b);
        }

        var index = Array.BinarySearch(thresholds, margin);
        index = index >= 0 ? index : Math.Max(~index - 1, 0);
        return values[index];
    }

    /// <summary>Scores and pds of row-major <paramref name="rows"/> on up to <paramref name="threads"/> threads.</summary>
    public virtual void ScoreBatch(double[] rows, double[] scores, double[] pds, int threads = 0)
    {
        var width = Schema.Features.Count;
        var count = scores.Length;
        if (rows.Length != count * width || pds.Length != count)
        {
            throw new ArgumentException($"{rows.Length} values for {count} rows of {width} features.", nameof(rows));
        }

        const int chunk = 16_384;
        var chunks = (count + chunk - 1) / chunk;
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = threads > 0 ? threads : Environment.ProcessorCount };
        Parallel.For(0, chunks, parallel, c =>
        {
            var end = Math.Min(count, (c + 1) * chunk);
            for (var r = c * chunk; r < end; r++)
            {
                var score = Score(rows.AsSpan(r * width, width));
                scores[r] = score;
                pds[r] = Pd(score);
            }
        });
    }
}
