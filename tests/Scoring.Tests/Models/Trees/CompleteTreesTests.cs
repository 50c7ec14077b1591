using Microcredit.Scoring.Models.Trees;

namespace Microcredit.Scoring.Tests.Models.Trees;

public class CompleteTreesTests
{
    // The vector walks use x86 intrinsics that throw where the processor lacks them: each runs
    // here where the machine has its instruction set, and the walk the machine picks runs everywhere.
    [Theory]
    [InlineData(false, 64)]
    [InlineData(false, 37)]
    [InlineData(true, 64)]
    [InlineData(true, 5)]
    public void Every_walk_this_machine_runs_gives_bit_for_bit_the_scalar_walks_sums(bool singlePrecision, int count)
    {
        var walks = new List<Action<CompleteTrees, double[], int, double[]>> { (trees, rows, first, margins) => trees.AddMargins(rows, 6, first, margins) };
        if (CompleteTrees.Vectorized)
        {
            walks.Add((trees, rows, first, margins) => trees.AddMarginsVector(rows, 6, first, margins));
        }

        if (CompleteTrees.Vectorized512)
        {
            walks.Add((trees, rows, first, margins) => trees.AddMarginsVector512(rows, 6, first, margins));
        }

        foreach (var walk in walks)
        {
            CompareWithScalar(singlePrecision, count, walk);
        }
    }

    private static void CompareWithScalar(bool singlePrecision, int count, Action<CompleteTrees, double[], int, double[]> walk)
    {
        var (rows, labels) = SyntheticRows.Create(2_000, 6, seed: 21);
        var trained = GbdtTrainer.Train(rows, 6, labels, new GbdtOptions { Trees = 40, MaxDepth = 6, LearningRate = 0.3, MinChildWeight = 0 }, seed: 5);

        // A lone leaf (depth 0) and trees of several depths, as early stopping and pruning leave them.
        var stump = new RegressionTree { Feature = [-1], Threshold = [0], Left = [-1], Right = [-1], DefaultLeft = [false], Value = [0.125], Cover = [1] };
        var shallow = GbdtTrainer.Train(rows, 6, labels, new GbdtOptions { Trees = 5, MaxDepth = 2, LearningRate = 0.3 }, seed: 6);

        // Deeper than the AVX-512 walk's permute tables (levels 1..5): its levels 6+ gather.
        var deep = GbdtTrainer.Train(rows, 6, labels, new GbdtOptions { Trees = 5, MaxDepth = 9, LearningRate = 0.3, MinChildWeight = 0 }, seed: 7);
        Assert.Contains(deep.Trees, t => t.Depth() > 6);
        var trees = new CompleteTrees([.. trained.Trees, stump, .. shallow.Trees, .. deep.Trees], singlePrecision);
        Assert.Contains(rows, double.IsNaN);

        for (var first = 0; first + count <= 2_000; first += 500)
        {
            var scalar = new double[count];
            var vector = new double[count];
            Array.Fill(scalar, -1.5);
            Array.Fill(vector, -1.5);

            trees.AddMarginsScalar(rows, 6, first, scalar);
            walk(trees, rows, first, vector);

            for (var i = 0; i < count; i++)
            {
                Assert.Equal(BitConverter.DoubleToInt64Bits(scalar[i]), BitConverter.DoubleToInt64Bits(vector[i]));
                Assert.Equal(scalar[i], -1.5 + trees.Margin(rows.AsSpan((first + i) * 6, 6)), 1e-12);
            }
        }
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Complete_blocks_get_bit_for_bit_the_scalar_walks_sums_and_the_coded_walk_declines_blocks_with_missing_values(bool singlePrecision)
    {
        var (rows, labels) = SyntheticRows.Create(2_000, 6, seed: 22);
        var trained = GbdtTrainer.Train(rows, 6, labels, new GbdtOptions { Trees = 40, MaxDepth = 6, LearningRate = 0.3, MinChildWeight = 0 }, seed: 8);
        var shallow = GbdtTrainer.Train(rows, 6, labels, new GbdtOptions { Trees = 5, MaxDepth = 3, LearningRate = 0.3 }, seed: 9);
        var deep = GbdtTrainer.Train(rows, 6, labels, new GbdtOptions { Trees = 5, MaxDepth = 8, LearningRate = 0.3, MinChildWeight = 0 }, seed: 10);
        var trees = new CompleteTrees([.. trained.Trees, .. shallow.Trees, .. deep.Trees], singlePrecision);
        Assert.True(trees.Coded);

        // The missing values become ties with a split's own threshold (the edge of x ≥ T), infinities and −0.
        var splits = trained.Trees.SelectMany(t => t.Feature.Zip(t.Threshold).Where(p => p.First >= 0)).ToArray();
        var complete = (double[])rows.Clone();
        var random = new Random(3);
        for (var i = 0; i < complete.Length; i++)
        {
            if (double.IsNaN(complete[i]))
            {
                var f = i % 6;
                var ties = splits.Where(p => p.First == f).Select(p => p.Second).ToArray();
                complete[i] = random.Next(4) switch
                {
                    0 => double.PositiveInfinity,
                    1 => double.NegativeInfinity,
                    2 => -0.0,
                    _ => ties.Length > 0 ? ties[random.Next(ties.Length)] : 0,
                };
            }
        }

        for (var first = 0; first + 64 <= 2_000; first += 250)
        {
            var scalar = new double[64];
            var coded = new double[64];
            Array.Fill(scalar, 0.25);
            Array.Fill(coded, 0.25);
            trees.AddMarginsScalar(complete, 6, first, scalar);
            var picked = new double[64];
            Array.Fill(picked, 0.25);
            trees.AddMargins(complete, 6, first, picked);
            Assert.Equal(scalar.Select(BitConverter.DoubleToInt64Bits), picked.Select(BitConverter.DoubleToInt64Bits));
            if (!CompleteTrees.Vectorized512)
            {
                // The coded walk is AVX-512 code: this machine cannot run it.
                continue;
            }

            Assert.True(trees.AddMarginsCoded(complete, 6, first, coded));
            for (var i = 0; i < 64; i++)
            {
                Assert.Equal(BitConverter.DoubleToInt64Bits(scalar[i]), BitConverter.DoubleToInt64Bits(coded[i]));
            }

            var untouched = new double[64];
            Assert.False(trees.AddMarginsCoded(rows, 6, first, untouched));
            Assert.All(untouched, m => Assert.Equal(0, m));
        }
    }
}
