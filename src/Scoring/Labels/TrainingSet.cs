using Microcredit.Scoring.Features;
using Microcredit.Scoring.Features.Engine;
using Microcredit.Scoring.Features.History;

namespace Microcredit.Scoring.Labels;

/// <summary>One loan of a training set: who, when, which product, and its label.</summary>
public sealed record TrainingExample(string LoanId, string MerchantId, long DisbursedAt, LoanProduct Product, bool Default);

/// <summary>
/// Loans with their features as of their disbursement date and their default label, for
/// training. Rows ordered by disbursed_at, then loan id (ordinal).
/// </summary>
public sealed class TrainingSet
{
    private readonly double[] values;

    internal TrainingSet(IReadOnlyList<TrainingExample> examples, double[] values, int unknownOutcome, int noFeatureRow)
    {
        Examples = examples;
        this.values = values;
        UnknownOutcome = unknownOutcome;
        NoFeatureRow = noFeatureRow;
    }

    public IReadOnlyList<TrainingExample> Examples { get; }

    /// <summary>Loans disbursed in the range left out because their outcome window had not ended at as-of.</summary>
    public int UnknownOutcome { get; }

    /// <summary>Loans left out because they were disbursed on their merchant's registration day (no feature row then).</summary>
    public int NoFeatureRow { get; }

    /// <summary>The features of example <paramref name="row"/>, in catalog order.</summary>
    public ReadOnlySpan<double> Features(int row) => values.AsSpan(row * FeatureCatalog.Count, FeatureCatalog.Count);

    /// <summary>
    /// The training set of the loans disbursed in [<paramref name="from"/>, <paramref name="to"/>)
    /// whose outcome is known as of <paramref name="asOf"/>. Each merchant is visited once: its
    /// loans' disbursement days are computed together in one sweep of its history.
    /// </summary>
    public static TrainingSet Build(MerchantHistory history, DateOnly from, DateOnly to, DateOnly asOf)
    {
        ArgumentNullException.ThrowIfNull(history);
        long fromStart = Days.Start(from), toStart = Days.Start(to);
        var chosen = new List<(int Loan, int Day, LoanOutcome Outcome)>();
        int unknown = 0, noRow = 0;
        for (var l = 0; l < history.Loans.Length; l++)
        {
            var loan = history.Loans[l];
            if (loan.DisbursedAt < fromStart || loan.DisbursedAt >= toStart)
            {
                continue;
            }

            var outcome = DefaultLabel.Of(history, l);
            var day = Days.Of(loan.DisbursedAt);
            if (!outcome.IsKnownAsOf(asOf))
            {
                unknown++;
            }
            else if (history.RegisteredAt[loan.Merchant] >= Days.Start(day))
            {
                noRow++;
            }
            else
            {
                chosen.Add((l, day, outcome));
            }
        }

        var daysByMerchant = new int[history.MerchantIds.Length][];
        var perMerchant = chosen.GroupBy(c => history.Loans[c.Loan].Merchant).ToDictionary(g => g.Key, g => g.Select(c => c.Day).Distinct().Order().ToArray());
        for (var m = 0; m < daysByMerchant.Length; m++)
        {
            daysByMerchant[m] = perMerchant.GetValueOrDefault(m, []);
        }

        var rows = FeatureEngine.ComputeMany(history, daysByMerchant);
        chosen.Sort((a, b) =>
        {
            var c = history.Loans[a.Loan].DisbursedAt.CompareTo(history.Loans[b.Loan].DisbursedAt);
            return c != 0 ? c : string.CompareOrdinal(history.LoanIds[a.Loan], history.LoanIds[b.Loan]);
        });

        var width = FeatureCatalog.Count;
        var values = new double[chosen.Count * width];
        var examples = new TrainingExample[chosen.Count];
        for (var i = 0; i < chosen.Count; i++)
        {
            var (l, day, outcome) = chosen[i];
            var loan = history.Loans[l];
            var slot = Array.BinarySearch(daysByMerchant[loan.Merchant], day);
            rows[loan.Merchant].AsSpan(slot * width, width).CopyTo(values.AsSpan(i * width, width));
            examples[i] = new TrainingExample(history.LoanIds[l], history.MerchantIds[loan.Merchant], loan.DisbursedAt, loan.Product, outcome.Default);
        }

        return new TrainingSet(examples, values, unknown, noRow);
    }

    /// <summary>The default as-of date: the day after the latest event in the history.</summary>
    public static DateOnly EndOfData(MerchantHistory history)
    {
        ArgumentNullException.ThrowIfNull(history);
        return history.LatestEventAt == long.MinValue
            ? throw new InvalidOperationException("The history is empty.")
            : Days.Date(Days.Of(history.LatestEventAt) + 1);
    }
}
