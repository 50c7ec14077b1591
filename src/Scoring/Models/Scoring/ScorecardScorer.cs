using Microcredit.Scoring.Models.Binning;
using Microcredit.Scoring.Models.Calibration;
using Microcredit.Scoring.Models.Data;
using Microcredit.Scoring.Models.Scorecard;

namespace Microcredit.Scoring.Models.Scoring;

/// <summary>
/// A scorecard flattened into arrays: per feature, the range upper bounds, special values and
/// label codes lead to a bin, the bin to its points and to the points it loses against the
/// feature's best bin (the reason-code impact).
/// </summary>
public sealed class ScorecardScorer : ModelScorer
{
    private readonly int basePoints;
    private readonly bool[] numeric;
    private readonly double[][] uppers;
    private readonly double[][] specials;
    private readonly int[][] specialBins;
    private readonly int[][] codeBins;
    private readonly int[] missingBins;
    private readonly int[] unseenBins;
    private readonly int[][] points;
    private readonly int[][] lost;

    public ScorecardScorer(ScorecardModel model, FeatureSchema schema, PointsScale scale, CalibrationMap calibration)
        : base(schema, scale, calibration)
    {
        var n = model.Features.Count;
        if (n != schema.Features.Count)
        {
            throw new ArgumentException("The schema and the scorecard have different features.", nameof(schema));
        }

        basePoints = model.BasePoints;
        numeric = new bool[n];
        uppers = new double[n][];
        specials = new double[n][];
        specialBins = new int[n][];
        codeBins = new int[n][];
        missingBins = new int[n];
        unseenBins = new int[n];
        points = new int[n][];
        lost = new int[n][];
        for (var f = 0; f < n; f++)
        {
            var feature = model.Features[f];
            var binning = feature.Binning;
            var bins = binning.Bins;
            numeric[f] = binning.Kind == ColumnKind.Numeric;
            var ranges = Enumerable.Range(0, bins.Count).Where(k => bins[k].Kind == BinKind.Range).ToArray();
            if (ranges.Length > 0 && ranges.Where((k, i) => k != i).Any())
            {
                throw new ArgumentException($"The range bins of '{feature.Feature}' must come first.", nameof(model));
            }

            // Range bin k holds x < uppers[k]; the last range is unbounded above.
            uppers[f] = [.. ranges.Take(Math.Max(ranges.Length - 1, 0)).Select(k => bins[k].Upper!.Value)];
            var specialIndex = Enumerable.Range(0, bins.Count).Where(k => bins[k].Kind == BinKind.Special).ToArray();
            specials[f] = [.. specialIndex.Select(k => bins[k].Value!.Value)];
            specialBins[f] = specialIndex;
            missingBins[f] = binning.MissingBin;
            unseenBins[f] = binning.UnseenBin;
            if (!numeric[f])
            {
                var lookup = binning.LabelLookup();
                codeBins[f] = [.. schema.Features[f].Categories!.Select(label => lookup.GetValueOrDefault(label, unseenBins[f]))];
            }
            else
            {
                codeBins[f] = [];
            }

            points[f] = [.. feature.Points];
            var populated = Enumerable.Range(0, bins.Count).Where(k => bins[k].Count > 0).Select(k => feature.Points[k]).ToList();
            var best = populated.Count > 0 ? populated.Max() : feature.Points.Max();
            lost[f] = [.. feature.Points.Select(p => Math.Max(best - p, 0))];
        }
    }

    public override double Score(ReadOnlySpan<double> row)
    {
        var total = basePoints;
        for (var f = 0; f < numeric.Length; f++)
        {
            total += points[f][BinOf(f, row[f])];
        }

        return total;
    }

    public override int Explain(ReadOnlySpan<double> row, Span<Reason> reasons)
    {
        var capacity = Math.Min(reasons.Length, MaxReasons);
        var count = 0;
        for (var f = 0; f < numeric.Length; f++)
        {
            var cost = lost[f][BinOf(f, row[f])];
            if (cost <= 0)
            {
                continue;
            }

            // Insertion into the short list, largest cost first; an equal cost stays behind earlier features.
            var at = count;
            while (at > 0 && reasons[at - 1].Points < cost)
            {
                at--;
            }

            if (at >= capacity)
            {
                continue;
            }

            var last = Math.Min(count, capacity - 1);
            for (var k = last; k > at; k--)
            {
                reasons[k] = reasons[k - 1];
            }

            reasons[at] = new Reason(f, cost);
            count = Math.Min(count + 1, capacity);
        }

        return count;
    }

    /// <summary>The bin index of feature <paramref name="f"/> at encoded value <paramref name="value"/>.</summary>
    public int BinOf(int f, double value)
    {
        if (double.IsNaN(value))
        {
            return missingBins[f];
        }

        if (!numeric[f])
        {
            var codes = codeBins[f];
            var code = (int)value;
            return (uint)code < (uint)codes.Length ? codes[code] : unseenBins[f];
        }

        var special = specials[f];
        for (var k = 0; k < special.Length; k++)
        {
            if (special[k] == value)
            {
                return specialBins[f][k];
            }
        }

        var upper = uppers[f];
        var bin = 0;
        while (bin < upper.Length && value >= upper[bin])
        {
            bin++;
        }

        return bin;
    }
}
