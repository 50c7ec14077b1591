using Microcredit.Scoring.Models.Artifacts;
using Microcredit.Scoring.Models.Data;
using Microcredit.Scoring.Models.Metrics;

namespace Microcredit.Scoring.Models.Scoring;

/// <summary>Scores, pds and reasons of every row of a table, and the monitoring figures against the training sample.</summary>
public sealed class ScoredRows
{
    private ScoredRows(ModelArtifact artifact, TabularData data, double[] scores, double[] pds, Reason[][] reasons)
    {
        Artifact = artifact;
        Data = data;
        Scores = scores;
        Pds = pds;
        Reasons = reasons;
    }

    public ModelArtifact Artifact { get; }

    public TabularData Data { get; }

    public double[] Scores { get; }

    public double[] Pds { get; }

    /// <summary>Per row, its adverse reasons, largest impact first.</summary>
    public Reason[][] Reasons { get; }

    public static ScoredRows Score(ModelArtifact artifact, TabularData data, int threads = 0)
    {
        var scorer = artifact.CreateScorer();
        var rows = RowEncoder.Encode(data, scorer.Schema);
        var scores = new double[data.RowCount];
        var pds = new double[data.RowCount];
        scorer.ScoreBatch(rows, scores, pds, threads);
        var width = scorer.Schema.Features.Count;
        var reasons = new Reason[data.RowCount][];
        Span<Reason> buffer = stackalloc Reason[ModelScorer.MaxReasons];
        for (var r = 0; r < reasons.Length; r++)
        {
            var count = scorer.Explain(rows.AsSpan(r * width, width), buffer);
            reasons[r] = buffer[..count].ToArray();
        }

        return new ScoredRows(artifact, data, scores, pds, reasons);
    }

    /// <summary>PSI of the scores against the training score distribution.</summary>
    public double ScorePsi() =>
        Psi.FromCounts([.. Artifact.Training.ScoreCounts.Select(c => (double)c)], Psi.Histogram(Scores, [.. Artifact.Training.ScoreEdges]));

    /// <summary>PSI of each scorecard feature's bin distribution against training.</summary>
    public IReadOnlyList<(string Feature, double Psi)> FeaturePsi()
    {
        var result = new List<(string, double)>();
        foreach (var feature in Artifact.Scorecard?.Features ?? [])
        {
            var expected = Artifact.Training.Features.First(f => f.Feature == feature.Feature).BinCounts.Select(c => (double)c).ToArray();
            var actual = new double[expected.Length];
            foreach (var bin in feature.Binning.Assign(Data[feature.Feature]))
            {
                actual[bin]++;
            }

            result.Add((feature.Feature, Psi.FromCounts(expected, actual)));
        }

        return result;
    }
}
