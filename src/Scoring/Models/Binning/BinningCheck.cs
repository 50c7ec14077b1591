using Microcredit.Scoring.Models.Data;

namespace Microcredit.Scoring.Models.Binning;

/// <summary>Checks a hand-made binning is usable: the right kinds of bins, ranges first and contiguous, one missing bin.</summary>
internal static class BinningCheck
{
    public static void Validate(FeatureBinning binning, string source)
    {
        void Fail(string why) => throw new ModelDataException($"{source}: binning of '{binning.Feature}': {why}.");

        var bins = binning.Bins ?? [];
        if (bins.Count(b => b.Kind == BinKind.Missing) != 1)
        {
            Fail("needs exactly one missing bin");
        }

        if (binning.Kind == ColumnKind.Numeric)
        {
            var ranges = bins.TakeWhile(b => b.Kind == BinKind.Range).ToList();
            if (ranges.Count == 0 || bins.Skip(ranges.Count).Any(b => b.Kind is BinKind.Range or BinKind.Values))
            {
                Fail("a numeric binning lists its range bins first, then special and missing bins");
            }

            if (ranges[0].Lower is not null || ranges[^1].Upper is not null)
            {
                Fail("the first range has no lower bound and the last no upper bound");
            }

            for (var k = 1; k < ranges.Count; k++)
            {
                if (ranges[k - 1].Upper is not { } upper || ranges[k].Lower != upper || (k > 1 && upper <= ranges[k - 1].Lower))
                {
                    Fail($"range {k + 1} does not start where range {k} ends, in ascending order");
                }
            }

            if (bins.Any(b => b.Kind == BinKind.Special && b.Value is null))
            {
                Fail("a special bin needs its value");
            }
        }
        else if (bins.Any(b => b.Kind is BinKind.Range or BinKind.Special) || bins.Count(b => b.Other) > 1)
        {
            Fail("a categorical binning has values bins (at most one marked other) and a missing bin");
        }
    }
}
