using Microcredit.Scoring.Models.Scorecard;

namespace Microcredit.Scoring.Models.Calibration;

/// <summary>Fits a <see cref="CalibrationMap"/> from margins and outcomes (out-of-fold, so the fit is honest).</summary>
public static class Calibrator
{
    public static CalibrationMap Fit(CalibrationMethod method, ReadOnlySpan<double> margins, ReadOnlySpan<int> labels) =>
        method == CalibrationMethod.Platt ? FitPlatt(margins, labels) : FitIsotonic(margins, labels);

    /// <summary>Unpenalized logistic regression of the outcome on the margin.</summary>
    public static CalibrationMap FitPlatt(ReadOnlySpan<double> margins, ReadOnlySpan<int> labels)
    {
        var fit = LogisticRegression.Fit([margins.ToArray()], labels, l2: 0);
        return new CalibrationMap { Method = CalibrationMethod.Platt, A = fit.Coefficients[0], B = fit.Intercept };
    }

    /// <summary>
    /// Pool-adjacent-violators: rows sorted by margin (ties pooled first), adjacent blocks merged
    /// while an event rate falls; each block becomes a step starting at its smallest margin.
    /// </summary>
    public static CalibrationMap FitIsotonic(ReadOnlySpan<double> margins, ReadOnlySpan<int> labels)
    {
        var order = Metrics.Auc.SortedOrder(margins);
        var starts = new List<double>();
        var sums = new List<double>();
        var weights = new List<double>();
        var i = 0;
        while (i < order.Length)
        {
            var margin = margins[order[i]];
            double sum = 0, weight = 0;
            while (i < order.Length && margins[order[i]] == margin)
            {
                sum += labels[order[i]];
                weight++;
                i++;
            }

            starts.Add(margin);
            sums.Add(sum);
            weights.Add(weight);
            while (sums.Count > 1 && sums[^2] / weights[^2] >= sums[^1] / weights[^1])
            {
                sums[^2] += sums[^1];
                weights[^2] += weights[^1];
                starts.RemoveAt(starts.Count - 1);
                sums.RemoveAt(sums.Count - 1);
                weights.RemoveAt(weights.Count - 1);
            }
        }

        return new CalibrationMap
        {
            Method = CalibrationMethod.Isotonic,
            Thresholds = starts,
            Values = [.. sums.Select((s, k) => s / weights[k])],
        };
    }
}
