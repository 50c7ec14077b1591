namespace Microcredit.Scoring.Models.Metrics;

/// <summary>
/// Area under the ROC curve by the rank-sum (Mann–Whitney) formula with midranks, so tied scores
/// count one half, exactly as the trapezoidal ROC area does.
/// </summary>
public static class Auc
{
    /// <summary>AUC of <paramref name="risk"/> (higher = more likely an event) against 0/1 <paramref name="labels"/>.</summary>
    /// <exception cref="ArgumentException">Lengths differ, a score is NaN, or a class is absent.</exception>
    public static double Compute(ReadOnlySpan<double> risk, ReadOnlySpan<int> labels)
    {
        Check(risk, labels);
        var order = SortedOrder(risk);
        double positiveRankSum = 0;
        long positives = 0;
        var i = 0;
        while (i < order.Length)
        {
            var j = i;
            var groupPositives = 0;
            while (j < order.Length && risk[order[j]] == risk[order[i]])
            {
                groupPositives += labels[order[j]];
                j++;
            }

            // Ranks i+1..j share the midrank (i+1+j)/2.
            positiveRankSum += groupPositives * ((i + 1 + j) / 2.0);
            positives += groupPositives;
            i = j;
        }

        long negatives = order.Length - positives;
        if (positives == 0 || negatives == 0)
        {
            throw new ArgumentException("AUC needs both events and non-events.", nameof(labels));
        }

        return (positiveRankSum - (positives * (positives + 1) / 2.0)) / ((double)positives * negatives);
    }

    /// <summary>Gini = 2·AUC − 1.</summary>
    public static double Gini(ReadOnlySpan<double> risk, ReadOnlySpan<int> labels) => (2 * Compute(risk, labels)) - 1;

    internal static int[] SortedOrder(ReadOnlySpan<double> values)
    {
        var keys = values.ToArray();
        var order = new int[keys.Length];
        for (var i = 0; i < order.Length; i++)
        {
            order[i] = i;
        }

        // Sorting keys with their indices is stable enough: ties are handled as groups.
        Array.Sort(keys, order);
        return order;
    }

    /// <summary>Events and non-events among checked 0/1 labels; throws <paramref name="absent"/> when a class is missing.</summary>
    internal static (long Positives, long Negatives) Classes(ReadOnlySpan<int> labels, string absent)
    {
        long positives = 0;
        foreach (var label in labels)
        {
            positives += label;
        }

        long negatives = labels.Length - positives;
        if (positives == 0 || negatives == 0)
        {
            throw new ArgumentException(absent, nameof(labels));
        }

        return (positives, negatives);
    }

    internal static void Check(ReadOnlySpan<double> risk, ReadOnlySpan<int> labels)
    {
        if (risk.Length != labels.Length)
        {
            throw new ArgumentException($"{risk.Length} scores for {labels.Length} labels.", nameof(labels));
        }

        foreach (var value in risk)
        {
            if (double.IsNaN(value))
            {
                throw new ArgumentException("A score is NaN.", nameof(risk));
            }
        }

        foreach (var label in labels)
        {
            if (label is not (0 or 1))
            {
                throw new ArgumentException($"Labels are 0 or 1, not {label}.", nameof(labels));
            }
        }
    }
}
