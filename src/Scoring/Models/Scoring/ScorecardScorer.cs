using System.Runtime.CompilerServices;
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
    private readonly int count;
    private readonly bool[] numeric;
    private readonly int[] missingBins;
    private readonly int[] unseenBins;

    // Flat arrays with per-feature offsets (feature f owns [start[f], start[f + 1])): one memory
    // block per concern keeps the per-row walk in cache and its bounds checks few.
    private readonly int[] binStart;
    private readonly int[] points;
    private readonly int[] lost;
    private readonly int[] upperStart;
    private readonly double[] uppers;
    private readonly int[] specialStart;
    private readonly double[] specials;
    private readonly int[] specialBins;
    private readonly int[] codeStart;
    private readonly int[] codeBins;

    public ScorecardScorer(ScorecardModel model, FeatureSchema schema, PointsScale scale, CalibrationMap calibration)
        : base(schema, scale, calibration)
    {
        var n = model.Features.Count;
        if (n != schema.Features.Count)
        {
            throw new ArgumentException("The schema and the scorecard have different features.", nameof(schema));
        }

        basePoints = model.BasePoints;
        count = n;
        numeric = new bool[n];
        missingBins = new int[n];
        unseenBins = new int[n];
        binStart = new int[n + 1];
        upperStart = new int[n + 1];
        specialStart = new int[n + 1];
        codeStart = new int[n + 1];
        var pointList = new List<int>();
        var lostList = new List<int>();
        var upperList = new List<double>();
        var specialList = new List<double>();
        var specialBinList = new List<int>();
        var codeList = new List<int>();
        for (var f = 0; f < n; f++)
        {
            var feature = model.Features[f];
            var binning = feature.Binning;
            var bins = binning.Bins;
            numeric[f] = binning.Kind == ColumnKind.Numeric;
            var ranges = Enumerable.Range(0, bins.Count).Where(k => bins[k].Kind == BinKind.Range).ToArray();
            if (ranges.Where((k, i) => k != i).Any())
            {
                throw new ArgumentException($"The range bins of '{feature.Feature}' must come first.", nameof(model));
            }

            // Range bin k holds x < upper[k]; the last range is unbounded above.
            upperList.AddRange(ranges.Take(Math.Max(ranges.Length - 1, 0)).Select(k => bins[k].Upper!.Value));
            foreach (var k in Enumerable.Range(0, bins.Count).Where(k => bins[k].Kind == BinKind.Special))
            {
                specialList.Add(bins[k].Value!.Value);
                specialBinList.Add(k);
            }

            missingBins[f] = binning.MissingBin;
            unseenBins[f] = binning.UnseenBin;
            if (!numeric[f])
            {
                var lookup = binning.LabelLookup();
                codeList.AddRange(schema.Features[f].Categories!.Select(label => lookup.GetValueOrDefault(label, unseenBins[f])));
            }

            pointList.AddRange(feature.Points);
            var populated = Enumerable.Range(0, bins.Count).Where(k => bins[k].Count > 0).Select(k => feature.Points[k]).ToList();
            var best = populated.Count > 0 ? populated.Max() : feature.Points.Max();
            lostList.AddRange(feature.Points.Select(p => Math.Max(best - p, 0)));
            binStart[f + 1] = pointList.Count;
            upperStart[f + 1] = upperList.Count;
            specialStart[f + 1] = specialList.Count;
            codeStart[f + 1] = codeList.Count;
        }

        points = [.. pointList];
        lost = [.. lostList];
        uppers = [.. upperList];
        specials = [.. specialList];
        specialBins = [.. specialBinList];
        codeBins = [.. codeList];
    }

    public override double Score(ReadOnlySpan<double> row)
    {
        var total = basePoints;
        for (var f = 0; f < count; f++)
        {
            total += points[binStart[f] + BinOf(f, row[f])];
        }

        return total;
    }

    public override int Explain(ReadOnlySpan<double> row, Span<Reason> reasons)
    {
        var capacity = Math.Min(reasons.Length, MaxReasons);
        var found = 0;
        for (var f = 0; f < count; f++)
        {
            var cost = lost[binStart[f] + BinOf(f, row[f])];
            if (cost <= 0)
            {
                continue;
            }

            found = InsertReason(reasons, found, capacity, f, cost);
        }

        return found;
    }

    /// <summary>The bin index of feature <paramref name="f"/> at encoded value <paramref name="value"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public int BinOf(int f, double value)
    {
        if (double.IsNaN(value))
        {
            return missingBins[f];
        }

        if (!numeric[f])
        {
            var code = (int)value;
            var first = codeStart[f];
            return (uint)code < (uint)(codeStart[f + 1] - first) ? codeBins[first + code] : unseenBins[f];
        }

        for (int k = specialStart[f], end = specialStart[f + 1]; k < end; k++)
        {
            if (specials[k] == value)
            {
                return specialBins[k];
            }
        }

        var start = upperStart[f];
        var stop = upperStart[f + 1];
        var at = start;
        while (at < stop && value >= uppers[at])
        {
            at++;
        }

        return at - start;
    }
}
