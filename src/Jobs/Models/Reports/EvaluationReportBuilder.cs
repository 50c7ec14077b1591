using Microcredit.Scoring.Models.Metrics;
using Microcredit.Scoring.Models.Scoring;

namespace Microcredit.Jobs.Models.Reports;

/// <summary>Computes an <see cref="EvaluationReport"/> from scored rows and their labels.</summary>
internal static class EvaluationReportBuilder
{
    /// <summary>Curves keep at most this many points (evenly spaced, ends and the KS point kept), so the HTML stays small.</summary>
    public const int MaxCurvePoints = 500;

    public const int HistogramBins = 20;

    public static EvaluationReport Build(string model, string data, string target, ScoredRows scored, int[] labels)
    {
        var risk = scored.Scores.Select(s => -s).ToArray();
        var metrics = BinaryMetrics.Compute(scored.Pds, labels);
        var roc = RocCurve.Compute(risk, labels);
        var auc = Auc.Compute(risk, labels);
        var ksAt = 0;
        for (var k = 1; k < roc.Count; k++)
        {
            if (roc[k].Tpr - roc[k].Fpr > roc[ksAt].Tpr - roc[ksAt].Fpr)
            {
                ksAt = k;
            }
        }

        var points = Thin(roc, ksAt).Select(p => new CurvePoint(double.IsInfinity(p.Threshold) ? null : -p.Threshold, p.Fpr, p.Tpr)).ToList();
        var ksPoint = roc[ksAt];
        return new EvaluationReport(
            model,
            scored.Artifact.Family,
            data,
            target,
            metrics.Rows,
            metrics.Events,
            auc,
            (2 * auc) - 1,
            ksPoint.Tpr - ksPoint.Fpr,
            metrics.LogLoss,
            metrics.Brier,
            scored.Pds.Average(),
            (double)metrics.Events / metrics.Rows,
            new RocChart(auc, points),
            new KsChart(ksPoint.Tpr - ksPoint.Fpr, -ksPoint.Threshold, ksPoint.Tpr, ksPoint.Fpr, points),
            Distributions(scored.Scores, labels),
            CalibrationTable.Compute(scored.Pds, labels),
            PsiRows(scored),
            Reasons(scored));
    }

    private static List<RocPoint> Thin(IReadOnlyList<RocPoint> points, int keep)
    {
        if (points.Count <= MaxCurvePoints)
        {
            return [.. points];
        }

        var chosen = new SortedSet<int> { 0, points.Count - 1, keep };
        for (var k = 0; k < MaxCurvePoints - 2; k++)
        {
            chosen.Add((int)((long)k * (points.Count - 1) / (MaxCurvePoints - 2)));
        }

        return [.. chosen.Select(i => points[i])];
    }

    private static ScoreDistributions Distributions(double[] scores, int[] labels)
    {
        var low = Math.Floor(scores.Min());
        var high = Math.Ceiling(scores.Max());
        var bins = high > low ? HistogramBins : 1;
        high = high > low ? high : low + 1;
        var width = (high - low) / bins;
        var edges = Enumerable.Range(0, bins + 1).Select(k => k == bins ? high : low + (k * width)).ToArray();
        int[] goods = new int[bins], bads = new int[bins];
        for (var i = 0; i < scores.Length; i++)
        {
            var bin = Math.Clamp((int)((scores[i] - low) / width), 0, bins - 1);
            (labels[i] == 1 ? bads : goods)[bin]++;
        }

        return new ScoreDistributions(edges, goods, bads);
    }

    private static List<PsiRow> PsiRows(ScoredRows scored)
    {
        var training = scored.Artifact.Training;
        var edges = training.ScoreEdges.ToArray();
        var labels = new List<string>();
        for (var k = 0; k <= edges.Length; k++)
        {
            labels.Add(edges.Length == 0 ? "all" : k == 0 ? $"< {ModelCli.F(edges[0], "0.##")}"
                : k == edges.Length ? $"≥ {ModelCli.F(edges[^1], "0.##")}"
                : $"[{ModelCli.F(edges[k - 1], "0.##")}, {ModelCli.F(edges[k], "0.##")})");
        }

        var rows = new List<PsiRow>
        {
            Row("score", "score", labels, [.. training.ScoreCounts], [.. Psi.Histogram(scored.Scores, edges).Select(c => (int)c)]),
        };
        foreach (var feature in scored.Artifact.Scorecard?.Features ?? [])
        {
            var expected = training.Features.FirstOrDefault(f => f.Feature == feature.Feature);
            if (expected is null)
            {
                continue;
            }

            var actual = new int[feature.Binning.Bins.Count];
            foreach (var bin in feature.Binning.Assign(scored.Data[feature.Feature]))
            {
                actual[bin]++;
            }

            rows.Add(Row(feature.Feature, "feature", [.. feature.Binning.Bins.Select(b => b.Describe())], [.. expected.BinCounts], actual));
        }

        return rows;
    }

    private static PsiRow Row(string name, string kind, IReadOnlyList<string> labels, int[] expected, int[] actual)
    {
        double expectedTotal = expected.Sum(), actualTotal = actual.Sum();
        var bins = labels.Select((label, k) => new PsiBin(
            label,
            expected[k],
            actual[k],
            expectedTotal > 0 ? expected[k] / expectedTotal : 0,
            actualTotal > 0 ? actual[k] / actualTotal : 0)).ToList();
        double? value = expectedTotal > 0 && actualTotal > 0
            ? Psi.FromCounts([.. expected.Select(c => (double)c)], [.. actual.Select(c => (double)c)])
            : null;
        return new PsiRow(name, kind, value, value > EvaluationReport.PsiAlert, bins);
    }

    private static List<ReasonFrequency> Reasons(ScoredRows scored)
    {
        var features = scored.Artifact.Schema.Features;
        var counts = new int[features.Count, ModelScorer.MaxReasons];
        foreach (var row in scored.Reasons)
        {
            for (var rank = 0; rank < row.Length; rank++)
            {
                counts[row[rank].Feature, rank]++;
            }
        }

        var result = new List<ReasonFrequency>();
        for (var f = 0; f < features.Count; f++)
        {
            var byRank = Enumerable.Range(0, ModelScorer.MaxReasons).Select(r => counts[f, r]).ToArray();
            result.Add(new ReasonFrequency(features[f].Name, byRank, byRank.Sum()));
        }

        // Most frequent first reason first; names break ties so the order is stable.
        return [.. result.OrderByDescending(r => r.ByRank[0]).ThenByDescending(r => r.Total).ThenBy(r => r.Feature, StringComparer.Ordinal)];
    }
}
