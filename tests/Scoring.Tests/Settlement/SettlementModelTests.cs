using Microcredit.Scoring.Models.Artifacts;
using Microcredit.Scoring.Models.Metrics;
using Microcredit.Scoring.Models.Scoring;
using Microcredit.Scoring.Settlement;
using Microcredit.Scoring.Storage;
using Microcredit.Scoring.Tests.Features;
using Xunit.Abstractions;

namespace Microcredit.Scoring.Tests.Settlement;

public class SettlementModelTests(SimulatedMerchants simulated, ITestOutputHelper output) : IClassFixture<SimulatedMerchants>
{
    private static readonly DateOnly TrainFrom = new(2025, 5, 1);
    private static readonly DateOnly HeldOutFrom = new(2026, 4, 1);
    private static readonly DateOnly HeldOutTo = new(2026, 10, 1);

    private SettlementTrainingSet TrainingSet(int cap = 30_000, int seed = 42) =>
        SettlementTrainingSet.Build(simulated.Merchants, TrainFrom, HeldOutFrom, SimulatedMerchants.AsOf, cap, seed);

    [Fact]
    public void TrainedModel_RanksOrdersThatDoNotSettleLower_OnHeldOutLaterOrders()
    {
        var model = new SettlementModel(SettlementTraining.Train(TrainingSet(), "test", ModelArtifact.ScorecardFamily, 42).Artifact);
        var heldOut = SettlementTrainingSet.Build(simulated.Merchants, HeldOutFrom, HeldOutTo, SimulatedMerchants.AsOf, int.MaxValue);
        var byId = simulated.Merchants.ToDictionary(m => m.Merchant.MerchantId, StringComparer.Ordinal);

        var risk = heldOut.Examples.Select(e => 1 - model.ProbabilityOfSettling(byId[e.MerchantId], e.OrderId, DbTime.FromDb(e.EvaluatedAt))).ToArray();
        var labels = heldOut.Examples.Select(e => e.NotSettled ? 1 : 0).ToArray();
        var auc = Auc.Compute(risk, labels);

        output.WriteLine($"held-out orders {labels.Length}, not settled {labels.Sum()}, AUC of P(settle) {auc:0.0000}");
        Assert.True(auc > 0.58, $"held-out AUC {auc}");
    }

    [Fact]
    public void ProbabilityOfSettling_IsOneMinusThePdOfTheTrainingRow()
    {
        var artifact = SettlementTraining.Train(TrainingSet(cap: 10_000), "test", ModelArtifact.ScorecardFamily, 42).Artifact;
        var model = new SettlementModel(artifact);
        var set = SettlementTrainingSet.Build(simulated.Merchants, HeldOutFrom, HeldOutTo, SimulatedMerchants.AsOf, 500);
        var scorer = artifact.CreateScorer();
        var rows = RowEncoder.Encode(set.ToTabular("held out"), scorer.Schema);
        var width = scorer.Schema.Features.Count;
        var byId = simulated.Merchants.ToDictionary(m => m.Merchant.MerchantId, StringComparer.Ordinal);

        for (var r = 0; r < set.Examples.Count; r++)
        {
            var e = set.Examples[r];
            var expected = 1 - scorer.Pd(scorer.Score(rows.AsSpan(r * width, width)));
            Assert.Equal(expected, model.ProbabilityOfSettling(byId[e.MerchantId], e.OrderId, DbTime.FromDb(e.EvaluatedAt)));
        }
    }

    [Fact]
    public void Training_IsDeterministic_ByteForByte()
    {
        var first = ArtifactJson.Serialize(SettlementTraining.Train(TrainingSet(cap: 10_000), "test", ModelArtifact.ScorecardFamily, 7).Artifact);
        var second = ArtifactJson.Serialize(SettlementTraining.Train(TrainingSet(cap: 10_000), "test", ModelArtifact.ScorecardFamily, 7).Artifact);

        Assert.Equal(first, second);
    }

    [Fact]
    public void Build_AboveTheCap_KeepsTheSameSeededSample_WhateverOrderMerchantsComeIn()
    {
        var forward = TrainingSet(cap: 2_000, seed: 3);
        var backward = SettlementTrainingSet.Build(simulated.Merchants.Reverse(), TrainFrom, HeldOutFrom, SimulatedMerchants.AsOf, 2_000, 3);
        var otherSeed = TrainingSet(cap: 2_000, seed: 4);

        Assert.Equal(2_000, forward.Examples.Count);
        Assert.True(forward.Counts.Candidates > 2_000);
        Assert.Equal(forward.Examples, backward.Examples);
        Assert.NotEqual(forward.Examples, otherSeed.Examples);
        Assert.True(forward.Examples.Zip(forward.Examples.Skip(1)).All(p => p.First.ShippedAt <= p.Second.ShippedAt));
    }

    [Fact]
    public void Build_TakesFeaturesOneHourAfterShipping_AndLabelsAsOfTheDate()
    {
        var set = TrainingSet(cap: 1_000);
        var byId = simulated.Merchants.ToDictionary(m => m.Merchant.MerchantId, StringComparer.Ordinal);
        var asOf = DbTime.StartOf(SimulatedMerchants.AsOf);

        for (var r = 0; r < set.Examples.Count; r++)
        {
            var e = set.Examples[r];
            var orders = byId[e.MerchantId];
            var order = orders[orders.IndexOf(e.OrderId)];
            Assert.Equal(order.ShippedAt + 3_600_000, e.EvaluatedAt);
            Assert.Equal(SettlementLabel.Of(order, asOf) == SettlementOutcome.NotSettled, e.NotSettled);
            Assert.Equal(1.0, set.Features(r)[(int)SettlementFeatureId.HoursSinceShipped]);
        }
    }

    [Fact]
    public void Constructor_RefusesAModelOfAnotherTarget()
    {
        var german = ArtifactJson.Load(Path.Combine(FeatureCatalogTests.RepositoryRoot(), "models", "german.json"));

        Assert.Throws<ArgumentException>(() => new SettlementModel(german));
    }
}
