namespace Microcredit.Scoring.Models.Metrics;

/// <summary>Losses of predicted probabilities against 0/1 outcomes.</summary>
public static class ProbabilityLoss
{
    /// <summary>Probabilities are clipped to [1e-15, 1 − 1e-15] so a confident miss costs ~34.5, not infinity (as scikit-learn).</summary>
    public const double Clip = 1e-15;

    /// <summary>Mean negative log-likelihood (natural log).</summary>
    public static double LogLoss(ReadOnlySpan<double> pd, ReadOnlySpan<int> labels)
    {
        Auc.Check(pd, labels);
        double sum = 0;
        for (var i = 0; i < pd.Length; i++)
        {
            var p = Math.Clamp(pd[i], Clip, 1 - Clip);
            sum -= labels[i] == 1 ? Math.Log(p) : Math.Log(1 - p);
        }

        return sum / pd.Length;
    }

    /// <summary>Mean squared difference between probability and outcome.</summary>
    public static double Brier(ReadOnlySpan<double> pd, ReadOnlySpan<int> labels)
    {
        Auc.Check(pd, labels);
        double sum = 0;
        for (var i = 0; i < pd.Length; i++)
        {
            var d = pd[i] - labels[i];
            sum += d * d;
        }

        return sum / pd.Length;
    }
}
