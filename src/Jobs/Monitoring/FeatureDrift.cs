using Microcredit.Scoring.Features;
using Microcredit.Scoring.Models.Artifacts;
using Microcredit.Scoring.Models.Metrics;
using Microcredit.Underwriting.Policy;

namespace Microcredit.Jobs.Monitoring;

/// <summary>One PSI: what was compared, over how many actual rows, and the value.</summary>
public sealed record PsiResult(string Subject, double Value, int Rows);

/// <summary>
/// PSI of a model's score and features on a snapshot against the training distributions stored in
/// its artifact. Snapshot rows hold money in cents, the training set (and so the artifact's bins)
/// currency units: every value goes through <see cref="FeatureRow.ModelValue"/> before binning.
/// </summary>
public static class FeatureDrift
{
    /// <summary>The subject of the score's PSI.</summary>
    public const string ScoreSubject = "score";

    /// <summary>PSI of the scores (histogram over the artifact's score edges); null when the artifact stores no score distribution (imported models).</summary>
    public static PsiResult? Score(TrainingDistribution training, IReadOnlyList<double> scores)
    {
        ArgumentNullException.ThrowIfNull(training);
        ArgumentNullException.ThrowIfNull(scores);
        if (training.ScoreCounts.Sum() == 0 || scores.Count == 0)
        {
            return null;
        }

        var actual = Psi.Histogram([.. scores], [.. training.ScoreEdges]);
        return new PsiResult(ScoreSubject, Psi.FromCounts([.. training.ScoreCounts.Select(c => (double)c)], actual), scores.Count);
    }

    /// <summary>
    /// PSI of every scorecard feature that is a catalog feature, in the artifact's order (a boosted
    /// tree model stores no per-feature bins: none).
    /// </summary>
    public static IReadOnlyList<PsiResult> Features(ModelArtifact artifact, IReadOnlyList<FeatureRow> rows)
    {
        ArgumentNullException.ThrowIfNull(artifact);
        ArgumentNullException.ThrowIfNull(rows);
        var results = new List<PsiResult>();
        if (artifact.Scorecard is not { } scorecard || rows.Count == 0)
        {
            return results;
        }

        foreach (var distribution in artifact.Training.Features)
        {
            var binning = scorecard.Features.FirstOrDefault(f => f.Feature == distribution.Feature)?.Binning;
            if (binning is null || FeatureCatalog.Find(distribution.Feature) is not { } definition || distribution.BinCounts.Sum() == 0)
            {
                continue;
            }

            var actual = new double[distribution.BinCounts.Count];
            foreach (var row in rows)
            {
                actual[binning.BinOf(row.ModelValue(definition.Id))]++;
            }

            results.Add(new PsiResult(distribution.Feature, Psi.FromCounts([.. distribution.BinCounts.Select(c => (double)c)], actual), rows.Count));
        }

        return results;
    }
}
