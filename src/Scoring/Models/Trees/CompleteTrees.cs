using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Microcredit.Scoring.Models.Trees;

/// <summary>
/// Shallow trees padded to complete binary trees of their depth D (a leaf above depth D becomes a
/// split whose two sides hold copies of it), laid out heap-style: node k's children are 2k+1 and
/// 2k+2, leaves follow the 2^D − 1 splits. A walk is then D steps of index arithmetic with no
/// child arrays and no leaf test, and a block of rows walks one tree while it is in cache.
/// </summary>
internal sealed class CompleteTrees
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
    private readonly double[] leaf;
    private readonly bool float32;

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
        leaf = new double[leafStart[Count]];
        for (var t = 0; t < Count; t++)
        {
            Fill(trees[t], t, 0, 0, 0);
        }
    }

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
