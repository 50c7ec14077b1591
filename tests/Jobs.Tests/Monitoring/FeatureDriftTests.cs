using Microcredit.Jobs.Monitoring;
using Microcredit.Jobs.Tests.Scheduling;
using Microcredit.Scoring.Features;
using Microcredit.Scoring.Models.Artifacts;
using Microcredit.Scoring.Models.Binning;
using Microcredit.Scoring.Models.Data;
using Microcredit.Scoring.Models.Scorecard;
using Microcredit.Underwriting.Policy;

namespace Microcredit.Jobs.Tests.Monitoring;

public class FeatureDriftTests
{
    private static readonly TrainingDistribution Thirds = new([10, 20], [100, 100, 100], []);

    [Fact]
    public void Score_SameShares_IsZero()
    {
        var psi = FeatureDrift.Score(Thirds, [5, 15, 25, 0, 10, 20]);

        Assert.Equal(0, psi!.Value, 12);
        Assert.Equal(6, psi.Rows);
    }

    [Fact]
    public void Score_ShiftedShares_MatchesTheFormula()
    {
        // Bins [−∞, 10), [10, 20), [20, ∞): 2, 3 and 5 of 10 scores against a third each:
        // (0.2 − 1/3)·ln(0.6) + (0.3 − 1/3)·ln(0.9) + (0.5 − 1/3)·ln(1.5) = 0.139200.
        var psi = FeatureDrift.Score(Thirds, [5, 9.99, 10, 15, 19.9, 20, 25, 30, 40, 50]);

        Assert.Equal(0.1391996, psi!.Value, 6);
    }

    [Fact]
    public void Score_NoTrainingDistribution_IsNull()
    {
        Assert.Null(FeatureDrift.Score(new TrainingDistribution([], [0], []), [600]));
    }

    [Fact]
    public void Features_MoneyFromCents_IsBinnedInCurrencyUnits()
    {
        // Training bins in CNY: [−∞, 1,000), [1,000, ∞), missing; training rows 5, 5, 0.
        // Snapshot GMV_30D of 50,000 and 150,000 cents are 500 and 1,500 CNY: one row per range bin,
        // the training shares exactly, so PSI 0. Read as cents, both would fall in the upper bin.
        var artifact = Artifact("GMV_30D", [Range(null, 1000, 5), Range(1000, null, 5), Missing(0)]);

        var psi = Assert.Single(FeatureDrift.Features(artifact, [Row(FeatureId.Gmv30d, 50_000), Row(FeatureId.Gmv30d, 150_000)]));

        Assert.Equal("GMV_30D", psi.Subject);
        Assert.Equal(0, psi.Value, 12);
    }

    [Fact]
    public void Features_AllRowsInOneOfSixEqualBins_MatchesTheFormula()
    {
        // Six bins with 10 training rows each; every snapshot row in the first: shares 1 and 0 (floored to 1e-4):
        // (1 − 1/6)·ln 6 + 5·(1e-4 − 1/6)·ln(6e-4) = 7.671574.
        var artifact = Artifact("REFUND_RATE_90D", [Range(null, 0.05, 10), Range(0.05, 0.1, 10), Range(0.1, 0.15, 10), Range(0.15, 0.2, 10), Range(0.2, null, 10), Missing(10)], 10);

        var psi = Assert.Single(FeatureDrift.Features(artifact, [.. Enumerable.Repeat(Row(FeatureId.RefundRate90d, 0.01), 12)]));

        Assert.Equal(7.671574, psi.Value, 5);
        Assert.Equal(12, psi.Rows);
    }

    internal static ModelArtifact Artifact(string feature, IReadOnlyList<Bin> bins, int? countPerBin = null)
    {
        var shipped = ArtifactJson.Load(Path.Combine(JobTestKit.RepoRoot(), "models", "credit.json"));
        var binning = new FeatureBinning { Feature = feature, Kind = ColumnKind.Numeric, Trend = "manual", Bins = bins };
        var scorecard = shipped.Scorecard! with
        {
            Features = [new ScorecardFeature { Feature = feature, Coefficient = -1, Points = [.. bins.Select(_ => 0)], Binning = binning }],
        };
        var counts = bins.Select(b => countPerBin ?? b.Count).ToList();
        return shipped with { Scorecard = scorecard, Training = new TrainingDistribution([], [0], [new FeatureDistribution(feature, counts)]) };
    }

    internal static Bin Range(double? lower, double? upper, int count) => new() { Kind = BinKind.Range, Lower = lower, Upper = upper, Count = count };

    internal static Bin Missing(int count) => new() { Kind = BinKind.Missing, Count = count };

    private static FeatureRow Row(FeatureId feature, double value)
    {
        var values = Enumerable.Repeat(double.NaN, FeatureCatalog.Count).ToArray();
        values[(int)feature] = value;
        return new FeatureRow(values);
    }
}
