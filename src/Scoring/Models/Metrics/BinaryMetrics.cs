namespace Microcredit.Scoring.Models.Metrics;

/// <summary>The discrimination and calibration figures reported for a set of predictions.</summary>
public sealed record BinaryMetrics(int Rows, int Events, double Auc, double Gini, double Ks, double LogLoss, double Brier)
{
    /// <summary>All figures for probabilities <paramref name="pd"/> (the rank figures use pd as the risk).</summary>
    public static BinaryMetrics Compute(ReadOnlySpan<double> pd, ReadOnlySpan<int> labels)
    {
        var auc = Metrics.Auc.Compute(pd, labels);
        var events = 0;
        foreach (var label in labels)
        {
            events += label;
        }

        return new BinaryMetrics(
            pd.Length,
            events,
            auc,
            (2 * auc) - 1,
            KolmogorovSmirnov.Compute(pd, labels),
            ProbabilityLoss.LogLoss(pd, labels),
            ProbabilityLoss.Brier(pd, labels));
    }
}
