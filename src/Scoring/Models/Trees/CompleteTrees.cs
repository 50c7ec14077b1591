using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Microcredit.Scoring.Models.Trees;

/// <summary>
/// Shallow trees padded to complete binary trees of their depth D (a leaf above depth D becomes a
/// split whose two sides hold copies of it), laid out heap-style: node k's children are 2k+1 and
/// 2k+2, leaves follow the 2^D − 1 splits. A walk is then D steps of index arithmetic with no
/// child arrays and no leaf test, and a block of rows walks one tree while it is in cache.
/// </summary>
internal sealed partial class CompleteTrees
{
    /// <summary>Deeper trees would pad to too many nodes; they keep the pointer walk.</summary>
    public const int MaxDepth = 10;

    private readonly int[] depth;
    private readonly int[] splitStart;
    private readonly int[] leafStart;
    private readonly int[] feature;
    private readonly double[] threshold;
    private readonly float[] threshold32;
    private readonly bool[] nanRight;
    private readonly bool[] padding;
    private readonly RankTables? ranks;

    // For the gathers of the vector walk: the float thresholds widened (exact), and nanRight as all-ones lanes.
    private readonly double[] threshold32Wide;
    private readonly long[] nanRightMask;
    private readonly double[] leaf;
    private readonly bool float32;

    // For the AVX-512 walk: levels 1..5 of every tree as tables a permute can index by the rows'
    // positions in the level (thresholds, feature offsets into the block, nanRight masks).
    private readonly double[] levelThreshold;
    private readonly long[] levelOffset;
    private readonly long[] levelNanRight;

    public CompleteTrees(IReadOnlyList<RegressionTree> trees, bool float32)
    {
        this.float32 = float32;
        Count = trees.Count;
        depth = [.. trees.Select(t => t.Depth())];
        splitStart = new int[Count + 1];
        leafStart = new int[Count + 1];
        for (var t = 0; t < Count; t++)
        {
            splitStart[t + 1] = splitStart[t] + (1 << depth[t]) - 1;
            leafStart[t + 1] = leafStart[t] + (1 << depth[t]);
        }

        feature = new int[splitStart[Count]];
        threshold = new double[splitStart[Count]];
        threshold32 = new float[splitStart[Count]];
        nanRight = new bool[splitStart[Count]];
        padding = new bool[splitStart[Count]];
        leaf = new double[leafStart[Count]];
        for (var t = 0; t < Count; t++)
        {
            Fill(trees[t], t, 0, 0, 0);
        }

        threshold32Wide = [.. threshold32.Select(x => (double)x)];
        nanRightMask = [.. nanRight.Select(r => r ? -1L : 0L)];
        ranks = BuildRanks(feature, float32 ? threshold32Wide : threshold, padding, leaf);

        levelThreshold = new double[Count * TableSize];
        levelOffset = new long[Count * TableSize];
        levelNanRight = new long[Count * TableSize];
        for (var t = 0; t < Count; t++)
        {
            for (var level = 1; level < Math.Min(depth[t], TableLevels + 1); level++)
            {
                for (var j = 0; j < 1 << level; j++)
                {
                    var at = splitStart[t] + (1 << level) - 1 + j;
                    var to = (t * TableSize) + TableStart[level] + j;
                    levelThreshold[to] = float32 ? threshold32Wide[at] : threshold[at];
                    levelOffset[to] = (long)feature[at] * Block;
                    levelNanRight[to] = nanRightMask[at];
                }
            }
        }
    }

    /// <summary>Rows per block of the vector walks; the block's values are stored feature-major, <see cref="Block"/> to a feature.</summary>
    private const int Block = 64;

    /// <summary>Levels 1..5 are looked up by permutes (a 32-entry table is two two-register permutes); deeper levels gather.</summary>
    private const int TableLevels = 5;

    /// <summary>Where level L's table starts in a tree's 72 entries: at least 8 entries each, the width of one permute.</summary>
    private static readonly int[] TableStart = [0, 0, 8, 16, 24, 40];

    private const int TableSize = 72;

    /// <summary>Whether <see cref="AddMargins"/> takes a vector walk (else the scalar one, with the same sums).</summary>
    public static bool Vectorized => Avx2.IsSupported;

    /// <summary>Whether the vector walk is the AVX-512 one (eight rows a vector, node tables by permutes).</summary>
    public static bool Vectorized512 => Avx512F.IsSupported && Avx2.IsSupported;

    public int Count { get; }

    /// <summary>The sum of the leaf values <paramref name="row"/> reaches.</summary>
    public double Margin(ReadOnlySpan<double> row)
    {
        double sum = 0;
        for (var t = 0; t < Count; t++)
        {
            sum += leaf[leafStart[t] + Walk(t, row)];
        }

        return sum;
    }

    /// <summary>
    /// Adds every tree's leaf value to <paramref name="margins"/>[i] for rows first..first+margins.Length−1
    /// (at most 64), tree by tree and level by level across the block: the rows' walks are
    /// independent, so the processor overlaps them, and each step is branch-free.
    /// </summary>
    public void AddMargins(double[] rows, int width, int first, Span<double> margins)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(margins.Length, 64);
        ArgumentOutOfRangeException.ThrowIfGreaterThan((first + margins.Length) * width, rows.Length);
        if (Vectorized512 && width <= MaxVectorWidth)
        {
            if (Coded && AddMarginsCoded(rows, width, first, margins))
            {
                return;
            }

            AddMarginsVector512(rows, width, first, margins);
            return;
        }

        if (Vectorized && width <= MaxVectorWidth)
        {
            AddMarginsVector(rows, width, first, margins);
            return;
        }

        AddMarginsScalar(rows, width, first, margins);
    }

    internal void AddMarginsScalar(double[] rows, int width, int first, Span<double> margins)
    {
        Span<int> position = stackalloc int[64];
        var count = margins.Length;

        // Unchecked reads: positions stay inside a tree's splits by construction, features inside
        // the schema (checked when the scorer is built), and the rows inside the block (checked above).
        ref var data = ref MemoryMarshal.GetArrayDataReference(rows);
        ref var features = ref MemoryMarshal.GetArrayDataReference(feature);
        for (var t = 0; t < Count; t++)
        {
            var start = splitStart[t];
            var d = depth[t];
            position[..count].Clear();
            for (var level = 0; level < d; level++)
            {
                for (var i = 0; i < count; i++)
                {
                    var k = position[i];
                    var at = start + k;
                    var x = Unsafe.Add(ref data, ((first + i) * width) + Unsafe.Add(ref features, at));
                    position[i] = (2 * k) + 1 + Right(x, at);
                }
            }

            var leaves = leafStart[t] - ((1 << d) - 1);
            for (var i = 0; i < count; i++)
            {
                margins[i] += leaf[leaves + position[i]];
            }
        }
    }

    /// <summary>The widest row the vector walk copies onto the stack (64 rows × 512 features × 8 bytes = 256 KB).</summary>
    private const int MaxVectorWidth = 512;

    /// <summary>
    /// The same walk, four rows to a 256-bit vector and sixteen vectors in flight: the block is
    /// copied feature-major, and each level gathers the four nodes' features, the four rows' values
    /// and the four thresholds. Leaf values are added in tree order, as the scalar walk adds them.
    /// </summary>
    internal unsafe void AddMarginsVector(double[] rows, int width, int first, Span<double> margins)
    {
        const int block = Block;
        var count = margins.Length;
        var groups = (count + 3) / 4;
        var values = stackalloc double[width * block];
        var anyNaN = CopyFeatureMajor(rows, width, first, count, values);

        // The sums start from the margins given and add leaves in tree order, as the scalar walk does.
        var positions = stackalloc Vector256<long>[16];
        var sums = stackalloc Vector256<double>[16];
        Span<double> lanesOut = stackalloc double[block];
        margins.CopyTo(lanesOut);
        for (var g = 0; g < groups; g++)
        {
            sums[g] = Vector256.Create<double>(lanesOut.Slice(g * 4, 4));
        }

        var lanes = Vector256.Create(0L, 1, 2, 3);
        var one = Vector256.Create(1L);
        fixed (int* features = feature)
        fixed (double* thresholds = float32 ? threshold32Wide : threshold)
        fixed (long* nanRights = nanRightMask)
        fixed (double* leaves = leaf)
        {
            for (var t = 0; t < Count; t++)
            {
                var start = Vector256.Create((long)splitStart[t]);
                var d = depth[t];
                if (d == 0)
                {
                    // A single leaf: no splits to read.
                    var only = Vector256.Create(leaves[leafStart[t]]);
                    for (var g = 0; g < groups; g++)
                    {
                        sums[g] += only;
                    }

                    continue;
                }

                // Level 0: every row is at the root, so its feature and threshold are scalars and the rows' values contiguous.
                var rootAt = splitStart[t];
                var rootValues = values + (features[rootAt] * block);
                var rootThreshold = Vector256.Create(thresholds[rootAt]);
                var rootNanRight = Vector256.Create(nanRights[rootAt]);
                for (var g = 0; g < groups; g++)
                {
                    var x = Vector256.Load(rootValues + (g * 4));
                    var right = Vector256.GreaterThanOrEqual(x, rootThreshold).AsInt64();
                    if (anyNaN)
                    {
                        right |= rootNanRight & ~Vector256.Equals(x, x).AsInt64();
                    }

                    positions[g] = one - right;
                }

                for (var level = 1; level < d; level++)
                {
                    for (var g = 0; g < groups; g++)
                    {
                        var at = start + positions[g];
                        var f = Avx2.ConvertToVector256Int64(Avx2.GatherVector128(features, at, 4));
                        var x = Avx2.GatherVector256(values, (f << 6) + lanes + Vector256.Create((long)g * 4), 8);
                        var right = Vector256.GreaterThanOrEqual(x, Avx2.GatherVector256(thresholds, at, 8)).AsInt64();
                        if (anyNaN)
                        {
                            right |= Avx2.GatherVector256(nanRights, at, 8) & ~Vector256.Equals(x, x).AsInt64();
                        }

                        // right lanes are all ones (−1): child 2k + 1 + 1.
                        positions[g] = (positions[g] << 1) + one - right;
                    }
                }

                var leafBase = Vector256.Create((long)(leafStart[t] - ((1 << d) - 1)));
                for (var g = 0; g < groups; g++)
                {
                    sums[g] += Avx2.GatherVector256(leaves, leafBase + positions[g], 8);
                }
            }
        }

        for (var g = 0; g < groups; g++)
        {
            sums[g].CopyTo(lanesOut[(g * 4)..]);
        }

        lanesOut[..count].CopyTo(margins);
    }

    /// <summary>
    /// The same walk, eight rows to a 512-bit vector and eight vectors in flight. A row's position
    /// is its index within the level, so levels 1..5 find their thresholds, feature offsets and
    /// missing sides by permutes of the level's table held in registers; only the rows' values
    /// (and deeper levels' nodes) are gathered. Leaf values are added in tree order, as the scalar
    /// walk adds them.
    /// </summary>
    internal unsafe void AddMarginsVector512(double[] rows, int width, int first, Span<double> margins)
    {
        var count = margins.Length;
        var groups = (count + 7) / 8;
        var values = stackalloc double[width * Block];
        var anyNaN = CopyFeatureMajor(rows, width, first, count, values);

        var positions = stackalloc Vector512<long>[8];
        var sums = stackalloc Vector512<double>[8];
        Span<double> lanesOut = stackalloc double[Block];
        margins.CopyTo(lanesOut);
        for (var g = 0; g < groups; g++)
        {
            sums[g] = Vector512.Create<double>(lanesOut.Slice(g * 8, 8));
        }

        var lanes = Vector512.Create(0L, 1, 2, 3, 4, 5, 6, 7);
        fixed (int* features = feature)
        fixed (double* thresholds = float32 ? threshold32Wide : threshold)
        fixed (long* nanRights = nanRightMask)
        fixed (double* leaves = leaf)
        fixed (double* tableThresholds = levelThreshold)
        fixed (long* tableOffsets = levelOffset)
        fixed (long* tableNanRights = levelNanRight)
        {
            for (var t = 0; t < Count; t++)
            {
                var d = depth[t];
                if (d == 0)
                {
                    var only = Vector512.Create(leaves[leafStart[t]]);
                    for (var g = 0; g < groups; g++)
                    {
                        sums[g] += only;
                    }

                    continue;
                }

                // Level 0: every row is at the root, so its values are contiguous.
                var rootAt = splitStart[t];
                var rootValues = values + (features[rootAt] * Block);
                var rootThreshold = Vector512.Create(thresholds[rootAt]);
                var rootNanRight = Vector512.Create(nanRights[rootAt]);
                for (var g = 0; g < groups; g++)
                {
                    var x = Vector512.Load(rootValues + (g * 8));
                    var right = Vector512.GreaterThanOrEqual(x, rootThreshold).AsInt64();
                    if (anyNaN)
                    {
                        right |= rootNanRight & ~Vector512.Equals(x, x).AsInt64();
                    }

                    positions[g] = -right;
                }

                var table = t * TableSize;
                for (var level = 1; level < d; level++)
                {
                    if (level <= TableLevels)
                    {
                        Level(level, tableThresholds + table, tableOffsets + table, tableNanRights + table, values, lanes, positions, groups, anyNaN);
                    }
                    else
                    {
                        DeepLevel(splitStart[t] + (1 << level) - 1, features, thresholds, nanRights, values, lanes, positions, groups, anyNaN);
                    }
                }

                var leafBase = leaves + leafStart[t];
                for (var g = 0; g < groups; g++)
                {
                    sums[g] += Vector512.Create(
                        Avx2.GatherVector256(leafBase, positions[g].GetLower(), 8),
                        Avx2.GatherVector256(leafBase, positions[g].GetUpper(), 8));
                }
            }
        }

        for (var g = 0; g < groups; g++)
        {
            sums[g].CopyTo(lanesOut[(g * 8)..]);
        }

        lanesOut[..count].CopyTo(margins);
    }

    /// <summary>One level of 2..32 nodes for every group of rows, the nodes' fields picked from the level's table by permutes.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static unsafe void Level(int level, double* thresholds, long* offsets, long* nanRights, double* values, Vector512<long> lanes, Vector512<long>* positions, int groups, bool anyNaN)
    {
        var start = TableStart[level];
        thresholds += start;
        offsets += start;
        nanRights += start;
        var t0 = Vector512.Load(thresholds);
        var o0 = Vector512.Load(offsets);
        var n0 = Vector512.Load(nanRights);
        var t1 = Vector512.Load(thresholds + 8);
        var o1 = Vector512.Load(offsets + 8);
        var n1 = Vector512.Load(nanRights + 8);
        var t2 = Vector512.Load(thresholds + 16);
        var o2 = Vector512.Load(offsets + 16);
        var n2 = Vector512.Load(nanRights + 16);
        var t3 = Vector512.Load(thresholds + 24);
        var o3 = Vector512.Load(offsets + 24);
        var n3 = Vector512.Load(nanRights + 24);
        var sixteen = Vector512.Create(16L);
        for (var g = 0; g < groups; g++)
        {
            var j = positions[g];
            Vector512<double> threshold;
            Vector512<long> offset;
            Vector512<long> nanRight;
            if (level <= 3)
            {
                threshold = Avx512F.PermuteVar8x64(t0, j);
                offset = Avx512F.PermuteVar8x64(o0, j);
                nanRight = Avx512F.PermuteVar8x64(n0, j);
            }
            else if (level == 4)
            {
                threshold = Avx512F.PermuteVar8x64x2(t0, j, t1);
                offset = Avx512F.PermuteVar8x64x2(o0, j, o1);
                nanRight = Avx512F.PermuteVar8x64x2(n0, j, n1);
            }
            else
            {
                var high = Vector512.Equals(j & sixteen, sixteen);
                threshold = Vector512.ConditionalSelect(high.AsDouble(), Avx512F.PermuteVar8x64x2(t2, j, t3), Avx512F.PermuteVar8x64x2(t0, j, t1));
                offset = Vector512.ConditionalSelect(high, Avx512F.PermuteVar8x64x2(o2, j, o3), Avx512F.PermuteVar8x64x2(o0, j, o1));
                nanRight = Vector512.ConditionalSelect(high, Avx512F.PermuteVar8x64x2(n2, j, n3), Avx512F.PermuteVar8x64x2(n0, j, n1));
            }

            var at = offset + lanes + Vector512.Create((long)g * 8);
            var x = Vector512.Create(Avx2.GatherVector256(values, at.GetLower(), 8), Avx2.GatherVector256(values, at.GetUpper(), 8));
            var right = Vector512.GreaterThanOrEqual(x, threshold).AsInt64();
            if (anyNaN)
            {
                right |= nanRight & ~Vector512.Equals(x, x).AsInt64();
            }

            // right lanes are all ones (−1): position 2j + 1.
            positions[g] = (j << 1) - right;
        }
    }

    /// <summary>A level below the tables (trees deeper than 6): the nodes' fields are gathered from the heap arrays.</summary>
    private static unsafe void DeepLevel(int levelStart, int* features, double* thresholds, long* nanRights, double* values, Vector512<long> lanes, Vector512<long>* positions, int groups, bool anyNaN)
    {
        var start = Vector512.Create((long)levelStart);
        var block = Vector512.Create((long)Block);
        for (var g = 0; g < groups; g++)
        {
            var j = positions[g];
            var at = start + j;
            var f = Vector512.Create(
                Avx2.ConvertToVector256Int64(Avx2.GatherVector128(features, at.GetLower(), 4)),
                Avx2.ConvertToVector256Int64(Avx2.GatherVector128(features, at.GetUpper(), 4)));
            var where = (f * block) + lanes + Vector512.Create((long)g * 8);
            var x = Vector512.Create(Avx2.GatherVector256(values, where.GetLower(), 8), Avx2.GatherVector256(values, where.GetUpper(), 8));
            var threshold = Vector512.Create(Avx2.GatherVector256(thresholds, at.GetLower(), 8), Avx2.GatherVector256(thresholds, at.GetUpper(), 8));
            var right = Vector512.GreaterThanOrEqual(x, threshold).AsInt64();
            if (anyNaN)
            {
                var nanRight = Vector512.Create(Avx2.GatherVector256(nanRights, at.GetLower(), 8), Avx2.GatherVector256(nanRights, at.GetUpper(), 8));
                right |= nanRight & ~Vector512.Equals(x, x).AsInt64();
            }

            positions[g] = (j << 1) - right;
        }
    }

    /// <summary>
    /// Copies the block's rows feature-major (<see cref="Block"/> values to a feature) for the vector
    /// walks, narrowed to float first for a float32 model; returns whether a value is missing.
    /// </summary>
    private unsafe bool CopyFeatureMajor(double[] rows, int width, int first, int count, double* values)
    {
        var anyNaN = false;
        for (var i = 0; i < count; i++)
        {
            var row = rows.AsSpan((first + i) * width, width);
            for (var f = 0; f < width; f++)
            {
                var x = float32 ? (float)row[f] : row[f];
                values[(f * Block) + i] = x;
                anyNaN |= double.IsNaN(x);
            }
        }

        return anyNaN;
    }

    /// <summary>1 when split <paramref name="at"/> sends <paramref name="x"/> right, without branches: x ≥ t, or NaN on a missing-right split.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private int Right(double x, int at)
    {
        var nan = double.IsNaN(x) & Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(nanRight), at);
        var right = float32
            ? (float)x >= Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(threshold32), at)
            : x >= Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(threshold), at);
        return Unsafe.BitCast<bool, byte>(right | nan);
    }

    /// <summary>The leaf index (0..2^D − 1) of <paramref name="row"/> in tree <paramref name="t"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private int Walk(int t, ReadOnlySpan<double> row)
    {
        var start = splitStart[t];
        var d = depth[t];
        var k = 0;
        for (var level = 0; level < d; level++)
        {
            var at = start + k;
            k = (2 * k) + 1 + Right(row[feature[at]], at);
        }

        return k - ((1 << d) - 1);
    }

    private void Fill(RegressionTree tree, int t, int node, int position, int level)
    {
        var d = depth[t];
        if (level == d)
        {
            leaf[leafStart[t] + position - ((1 << d) - 1)] = tree.Value[node];
            return;
        }

        var at = splitStart[t] + position;
        if (tree.Feature[node] < 0)
        {
            // Padding: both sides hold this leaf, so the comparison does not matter.
            feature[at] = 0;
            padding[at] = true;
            threshold[at] = double.PositiveInfinity;
            threshold32[at] = float.PositiveInfinity;
            Fill(tree, t, node, (2 * position) + 1, level + 1);
            Fill(tree, t, node, (2 * position) + 2, level + 1);
            return;
        }

        feature[at] = tree.Feature[node];
        threshold[at] = tree.Threshold[node];
        threshold32[at] = (float)tree.Threshold[node];
        nanRight[at] = !tree.DefaultLeft[node];
        Fill(tree, t, tree.Left[node], (2 * position) + 1, level + 1);
        Fill(tree, t, tree.Right[node], (2 * position) + 2, level + 1);
    }
}
