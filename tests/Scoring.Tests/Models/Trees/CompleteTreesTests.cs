using Microcredit.Scoring.Models.Trees;

namespace Microcredit.Scoring.Tests.Models.Trees;

public class CompleteTreesTests
{
    [Theory]
    [InlineData(false, 64)]
    [InlineData(false, 37)]
    [InlineData(true, 64)]
    [InlineData(true, 5)]
    public void The_vector_walk_gives_bit_for_bit_the_scalar_walks_sums(bool singlePrecision, int count)
    {
        Assert.True(CompleteTrees.Vectorized, "This machine has AVX2; the vector walk must be the one under test.");
        var (rows, labels) = SyntheticRows.Create(2_000, 6, seed: 21);
        var trained = GbdtTrainer.Train(rows, 6, labels, new GbdtOptions { Trees = 40, MaxDepth = 6, LearningRate = 0.3, MinChildWeight = 0 }, seed: 5);

        // A lone leaf (depth 0) and trees of several depths, as early stopping and pruning leave them.
        var stump = new RegressionTree { Feature = [-1], Threshold = [0], Left = [-1], Right = [-1], DefaultLeft = [false], Value = [0.125], Cover = [1] };
        var shallow = GbdtTrainer.Train(rows, 6, labels, new GbdtOptions { Trees = 5, MaxDepth = 2, LearningRate = 0.3 }, seed: 6);
        var trees = new CompleteTrees([.. trained.Trees, stump, .. shallow.Trees], singlePrecision);
        Assert.Contains(rows, double.IsNaN);

        for (var first = 0; first + count <= 2_000; first += 500)
        {
            var scalar = new double[count];
            var vector = new double[count];
            Array.Fill(scalar, -1.5);
            Array.Fill(vector, -1.5);

            trees.AddMarginsScalar(rows, 6, first, scalar);
            trees.AddMarginsVector(rows, 6, first, vector);

            for (var i = 0; i < count; i++)
            {
                Assert.Equal(BitConverter.DoubleToInt64Bits(scalar[i]), BitConverter.DoubleToInt64Bits(vector[i]));
                Assert.Equal(scalar[i], -1.5 + trees.Margin(rows.AsSpan((first + i) * 6, 6)), 12);
            }
        }
    }
}
