using Microcredit.Scoring.Models.Artifacts;
using Microcredit.Scoring.Models.Trees;

namespace Microcredit.Scoring.Tests.Models.Trees;

public class GbdtTrainerTests
{
    /// <summary>
    /// x = 1, 2, 3, 4 with y = 0, 0, 1, 1. Base margin logit(0.5) = 0, so p = 0.5, g = p − y =
    /// ±0.5 and h = 0.25 on every row. The best split is x &lt; 3: left G = 1, H = 0.5, right
    /// G = −1, H = 0.5; with λ = 1 the weights are ∓1/1.5 and the gain 2·(1/1.5) = 4/3.
    /// </summary>
    [Fact]
    public void OneRound_MatchesTheHandWorkedGradientsAndLeafWeights()
    {
        var options = new GbdtOptions { Trees = 1, MaxDepth = 1, LearningRate = 1, Lambda = 1, MinChildWeight = 0 };

        var model = GbdtTrainer.Train([1, 2, 3, 4], 1, [0, 0, 1, 1], options, seed: 1);

        Assert.Equal(0, model.BaseMargin, 12);
        var tree = Assert.Single(model.Trees);
        Assert.Equal([0, -1, -1], tree.Feature);
        Assert.Equal(3, tree.Threshold[0]);
        Assert.Equal(-2.0 / 3, tree.Value[tree.Left[0]], 12);
        Assert.Equal(2.0 / 3, tree.Value[tree.Right[0]], 12);
        Assert.Equal([1.0, 0.5, 0.5], tree.Cover);
    }

    /// <summary>With α = 0.25 the gradient sums ±1 shrink to ±0.75: weights ∓0.75/1.5 = ∓0.5, times η = 0.1.</summary>
    [Fact]
    public void OneRound_L1AndLearningRate_ShrinkTheLeafWeights()
    {
        var options = new GbdtOptions { Trees = 1, MaxDepth = 1, LearningRate = 0.1, Lambda = 1, Alpha = 0.25, MinChildWeight = 0 };

        var tree = GbdtTrainer.Train([1, 2, 3, 4], 1, [0, 0, 1, 1], options, seed: 1).Trees[0];

        Assert.Equal(-0.05, tree.Value[tree.Left[0]], 12);
        Assert.Equal(0.05, tree.Value[tree.Right[0]], 12);
    }

    /// <summary>Second round by hand: margins ∓2/3 give p = σ(∓2/3); the same split gets weights −G/(H + 1) of the new sums.</summary>
    [Fact]
    public void TwoRounds_SecondTreeFitsTheNewGradients()
    {
        var options = new GbdtOptions { Trees = 2, MaxDepth = 1, LearningRate = 1, Lambda = 1, MinChildWeight = 0 };

        var tree = GbdtTrainer.Train([1, 2, 3, 4], 1, [0, 0, 1, 1], options, seed: 1).Trees[1];

        var p = 1 / (1 + Math.Exp(2.0 / 3));
        var g = 2 * p;
        var h = 2 * p * (1 - p);
        Assert.Equal(3, tree.Threshold[0]);
        Assert.Equal(-g / (h + 1), tree.Value[tree.Left[0]], 12);
        Assert.Equal(g / (h + 1), tree.Value[tree.Right[0]], 12);
    }

    [Fact]
    public void MissingValues_GoToTheLearnedSide()
    {
        // Missing rows are all bad like the high ones: the split must send missing right.
        double[] x = [1, 2, 3, 4, double.NaN, double.NaN];
        var tree = GbdtTrainer.Train(x, 1, [0, 0, 1, 1, 1, 1], new GbdtOptions { Trees = 1, MaxDepth = 1, LearningRate = 1, MinChildWeight = 0 }, 1).Trees[0];

        Assert.False(tree.DefaultLeft[0]);
        Assert.Equal(3, tree.Threshold[0]);
    }

    [Fact]
    public void SameSeed_GivesIdenticalModels_OnOneAndTwoThreads()
    {
        // 40,000 rows: more than one histogram chunk, so the threads really split the work.
        var (rows, labels) = SyntheticRows.Create(40_000, 8, seed: 3);
        var options = new GbdtOptions { Trees = 15, MaxDepth = 5, LearningRate = 0.3, Subsample = 0.8, ColumnSample = 0.8 };

        var one = GbdtTrainer.Train(rows, 8, labels, options with { Threads = 1 }, seed: 9);
        var two = GbdtTrainer.Train(rows, 8, labels, options with { Threads = 2 }, seed: 9);

        Assert.Equal(System.Text.Json.JsonSerializer.Serialize(one, ArtifactJson.Options), System.Text.Json.JsonSerializer.Serialize(two, ArtifactJson.Options));
        Assert.NotEqual(System.Text.Json.JsonSerializer.Serialize(one, ArtifactJson.Options), System.Text.Json.JsonSerializer.Serialize(GbdtTrainer.Train(rows, 8, labels, options with { Threads = 2 }, seed: 10), ArtifactJson.Options));
    }

    [Theory]
    [InlineData(0.0, 1.0, false)]
    [InlineData(0.5, 0.0, false)]
    [InlineData(0.0, 1.0, true)]
    public void The_vector_split_search_grows_the_very_trees_of_the_scalar_one(double alpha, double minChildWeight, bool leafWise)
    {
        // Missing values (both sides tried), L1, no minimum child weight, leaf-wise growth, and one
        // monotone feature, whose nodes and children keep the scalar search.
        var (rows, labels) = SyntheticRows.Create(20_000, 6, seed: 12);
        var options = new GbdtOptions { Trees = 12, MaxDepth = 6, LearningRate = 0.3, Alpha = alpha, MinChildWeight = minChildWeight, MaxLeaves = leafWise ? 20 : 0, ColumnSample = 0.9 };
        int[] monotone = [0, 0, 0, 1, 0, 0];

        var vector = GbdtTrainer.Train(rows, 6, labels, options, seed: 4, monotone);
        var scalar = GbdtTrainer.Train(rows, 6, labels, options with { ScalarSplitSearch = true }, seed: 4, monotone);

        Assert.Equal(System.Text.Json.JsonSerializer.Serialize(scalar, ArtifactJson.Options), System.Text.Json.JsonSerializer.Serialize(vector, ArtifactJson.Options));
        Assert.Contains(vector.Trees, t => t.Feature.Length > 20);
    }

    [Fact]
    public void LeafWise_StopsAtMaxLeaves()
    {
        var (rows, labels) = SyntheticRows.Create(3_000, 5, seed: 4);

        var model = GbdtTrainer.Train(rows, 5, labels, new GbdtOptions { Trees = 5, MaxDepth = 10, MaxLeaves = 7 }, seed: 1);

        Assert.All(model.Trees, t => Assert.Equal(7, t.Feature.Count(f => f < 0)));
    }

    [Fact]
    public void EarlyStopping_KeepsTheRoundOfLeastValidationLoss()
    {
        var (rows, labels) = SyntheticRows.Create(2_000, 5, seed: 5);

        var model = GbdtTrainer.Train(rows, 5, labels, new GbdtOptions { Trees = 400, MaxDepth = 6, LearningRate = 0.5, EarlyStoppingRounds = 10 }, seed: 1);

        var losses = model.EarlyStoppingLoss;
        Assert.True(losses.Count < 400);
        var best = losses.ToList().IndexOf(losses.Min());
        Assert.Equal(best + 1, model.Trees.Count);
        Assert.Equal(best + 11, losses.Count);
    }

    [Fact]
    public void MonotoneConstraints_AreNeverViolatedOnRandomInputs()
    {
        // The label rises with x0 through a sine, so unconstrained trees would go both ways.
        var (rows, labels) = SyntheticRows.Create(5_000, 4, seed: 6);
        var model = GbdtTrainer.Train(rows, 4, labels, new GbdtOptions { Trees = 30, MaxDepth = 5, LearningRate = 0.3, MinChildWeight = 0 }, seed: 1, monotone: [-1, 1, 0, 0]);
        var random = new Random(11);

        for (var trial = 0; trial < 2_000; trial++)
        {
            var row = new double[4];
            for (var f = 0; f < 4; f++)
            {
                row[f] = (random.NextDouble() * 8) - 4;
            }

            var f0 = random.Next(2);
            var lower = row.ToArray();
            var higher = row.ToArray();
            higher[f0] = lower[f0] + (random.NextDouble() * 4);
            var rise = model.Margin(higher) - model.Margin(lower);
            Assert.True(f0 == 0 ? rise <= 1e-12 : rise >= -1e-12, $"feature {f0}: margin moved {rise} the wrong way");
        }
    }
}
