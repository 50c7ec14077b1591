using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Microcredit.Scoring.Models.Trees;

/// <summary>
/// The coded walk. A model's thresholds on one feature are few (the training bins), so a value is
/// replaced by its rank among them, a byte: x ≥ T_k exactly when rank(x) > k. Then one byte
/// compare decides a node for all 64 rows of a block at once, each tree's splits become one
/// 64-bit mask per node (bit r: row r goes right), and the walk only picks bits: eight rows to a
/// vector, each level's masks and the leaves looked up by permutes. Blocks with a missing value,
/// and models with more than 255 thresholds on a feature, take the gather walk.
/// </summary>
internal sealed partial class CompleteTrees
{
    private const int MaxRanks = 255;

    /// <summary>Whether <see cref="AddMargins"/> can take the coded walk for blocks without missing values.</summary>
    public bool Coded => ranks is not null;

    /// <summary>The rank tables, or null when a feature has more than 255 thresholds.</summary>
    private static RankTables? BuildRanks(int[] feature, double[] compared, bool[] padding, double[] leaf)
    {
        var byFeature = new SortedDictionary<int, double[]>();
        foreach (var group in Enumerable.Range(0, feature.Length).Where(at => !padding[at]).GroupBy(at => feature[at]))
        {
            // Distinct by value: −0 and +0 compare equal, so they are one rank.
            var distinct = group.Select(at => compared[at]).Order().Distinct(EqualByValue.Instance).ToArray();
            if (distinct.Length > MaxRanks)
            {
                return null;
            }

            byFeature[group.Key] = distinct;
        }

        // Each feature's thresholds ascending in 256 entries, NaN after them (NaN ≤ x is never true),
        // and every 16th of them (entries 15, 31, …, 255) as its 16 pivots.
        var thresholds = new double[byFeature.Count * 256];
        var pivots = new double[byFeature.Count * 16];
        Array.Fill(thresholds, double.NaN);
        var c = 0;
        foreach (var distinct in byFeature.Values)
        {
            distinct.CopyTo(thresholds, c * 256);
            for (var k = 0; k < 16; k++)
            {
                pivots[(c * 16) + k] = thresholds[(c * 256) + (16 * k) + 15];
            }

            c++;
        }

        var splitRank = new byte[feature.Length];
        for (var at = 0; at < feature.Length; at++)
        {
            splitRank[at] = padding[at] ? (byte)MaxRanks : (byte)Array.FindIndex(byFeature[feature[at]], v => v == compared[at]);
        }

        return new RankTables([.. byFeature.Keys], pivots, thresholds, splitRank, [.. leaf, .. new double[64]]);
    }

    /// <summary>
    /// Ranks the block's values feature by feature; false when one is missing (the caller then
    /// walks the block with gathers). A rank is two counts of 16 compares, without branches: how
    /// many of the feature's pivots are ≤ x (b), then how many of thresholds 16b..16b+15 are.
    /// </summary>
    private unsafe bool Rank(double[] rows, int width, int first, int count, byte* codes)
    {
        var tables = ranks!;
        fixed (double* allPivots = tables.Pivots)
        fixed (double* allThresholds = tables.Thresholds)
        fixed (double* data = rows)
        {
            for (var c = 0; c < tables.Feature.Length; c++)
            {
                var f = tables.Feature[c];
                var pivots0 = Vector512.Load(allPivots + (c * 16));
                var pivots1 = Vector512.Load(allPivots + (c * 16) + 8);
                var thresholds = allThresholds + (c * 256);
                var column = codes + (f * Block);
                var values = data + (first * width) + f;
                var nan = false;
                for (var i = 0; i < count; i++)
                {
                    var x = values[i * width];
                    x = float32 ? (float)x : x;
                    nan |= double.IsNaN(x);
                    var at = Vector512.Create(x);
                    var b = BitOperations.PopCount(Vector512.LessThanOrEqual(pivots0, at).ExtractMostSignificantBits())
                        + BitOperations.PopCount(Vector512.LessThanOrEqual(pivots1, at).ExtractMostSignificantBits());
                    var within = thresholds + (16 * b);
                    var r = BitOperations.PopCount(Vector512.LessThanOrEqual(Vector512.Load(within), at).ExtractMostSignificantBits())
                        + BitOperations.PopCount(Vector512.LessThanOrEqual(Vector512.Load(within + 8), at).ExtractMostSignificantBits());
                    column[i] = (byte)((16 * b) + r);
                }

                if (nan)
                {
                    return false;
                }
            }
        }

        return true;
    }

    /// <summary>The coded walk of one block (see the type's summary); false, with nothing added, when the block has a missing value.</summary>
    internal unsafe bool AddMarginsCoded(double[] rows, int width, int first, Span<double> margins)
    {
        var count = margins.Length;
        var codes = stackalloc byte[width * Block];
        if (!Rank(rows, width, first, count, codes))
        {
            return false;
        }

        const int groups = Block / 8;
        var masks = stackalloc ulong[(1 << MaxDepth) + 8];
        var sums = stackalloc Vector512<double>[groups];
        Span<double> lanesOut = stackalloc double[Block];
        margins.CopyTo(lanesOut);
        for (var g = 0; g < groups; g++)
        {
            sums[g] = Vector512.Create<double>(lanesOut.Slice(g * 8, 8));
        }

        var one = Vector512<ulong>.One;
        var lanes = Vector512.Create(0UL, 1, 2, 3, 4, 5, 6, 7);
        var eight = Vector512.Create(8UL);
        fixed (int* features = feature)
        fixed (byte* splitRanks = ranks!.SplitRank)
        fixed (double* leaves = ranks.LeafPadded)
        {
            for (var t = 0; t < Count; t++)
            {
                var d = depth[t];
                var start = splitStart[t];
                for (var n = 0; n < (1 << d) - 1; n++)
                {
                    var column = Vector512.Load(codes + (features[start + n] * Block));
                    masks[n] = Vector512.GreaterThan(column, Vector512.Create(splitRanks[start + n])).ExtractMostSignificantBits();
                }

                // Each group of eight rows walks the whole tree while its position stays in a register.
                var leafTable = (long*)(leaves + leafStart[t]);
                var shift = lanes;
                for (var g = 0; g < groups; g++, shift += eight)
                {
                    var j = Vector512<long>.Zero;
                    for (var level = 0; level < d; level++)
                    {
                        var bits = Lookup((long*)masks + (1 << level) - 1, 1 << level, j).AsUInt64();
                        j = (j << 1) | (Avx512F.ShiftRightLogicalVariable(bits, shift) & one).AsInt64();
                    }

                    sums[g] += Lookup(leafTable, 1 << d, j).AsDouble();
                }
            }
        }

        for (var g = 0; g < groups; g++)
        {
            sums[g].CopyTo(lanesOut[(g * 8)..]);
        }

        lanesOut[..count].CopyTo(margins);
        return true;
    }

    /// <summary>table[j] in each lane, for a table of <paramref name="size"/> entries (readable to a multiple of 8): permutes up to 64 entries, gathers beyond.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static unsafe Vector512<long> Lookup(long* table, int size, Vector512<long> j)
    {
        if (size <= 8)
        {
            return Avx512F.PermuteVar8x64(Vector512.Load(table), j);
        }

        if (size == 16)
        {
            return Avx512F.PermuteVar8x64x2(Vector512.Load(table), j, Vector512.Load(table + 8));
        }

        if (size <= 64)
        {
            var low = Avx512F.PermuteVar8x64x2(Vector512.Load(table), j, Vector512.Load(table + 8));
            var high = Avx512F.PermuteVar8x64x2(Vector512.Load(table + 16), j, Vector512.Load(table + 24));
            var sixteen = Vector512.Create(16L);
            var lower32 = Vector512.ConditionalSelect(Vector512.Equals(j & sixteen, sixteen), high, low);
            if (size == 32)
            {
                return lower32;
            }

            low = Avx512F.PermuteVar8x64x2(Vector512.Load(table + 32), j, Vector512.Load(table + 40));
            high = Avx512F.PermuteVar8x64x2(Vector512.Load(table + 48), j, Vector512.Load(table + 56));
            var upper32 = Vector512.ConditionalSelect(Vector512.Equals(j & sixteen, sixteen), high, low);
            var thirtyTwo = Vector512.Create(32L);
            return Vector512.ConditionalSelect(Vector512.Equals(j & thirtyTwo, thirtyTwo), upper32, lower32);
        }

        return Vector512.Create(Avx2.GatherVector256(table, j.GetLower(), 8), Avx2.GatherVector256(table, j.GetUpper(), 8));
    }

    /// <param name="Feature">The features the splits use, ascending.</param>
    /// <param name="Pivots">16 per feature: its thresholds 15, 31, …, 255.</param>
    /// <param name="Thresholds">256 per feature: its distinct thresholds ascending, then NaN (NaN ≤ x is never true).</param>
    /// <param name="SplitRank">Per split, the rank of its threshold among its feature's; 255 for padding, which no value's rank exceeds.</param>
    /// <param name="LeafPadded">The leaves and 64 zeros, so a permute may read a whole table past a small tree's last leaf.</param>
    private sealed record RankTables(int[] Feature, double[] Pivots, double[] Thresholds, byte[] SplitRank, double[] LeafPadded);

    private sealed class EqualByValue : IEqualityComparer<double>
    {
        public static readonly EqualByValue Instance = new();

        public bool Equals(double x, double y) => x == y;

        public int GetHashCode(double obj) => obj == 0 ? 0 : obj.GetHashCode();
    }
}
