namespace Microcredit.Scoring.Tests.Simulation;

/// <summary>
/// The realized label of each loan, computed from the files alone as the features issue defines
/// it: the loan is 30+ days past due at some point within 180 days of disbursement, with payments
/// allocated to installments oldest due first (interest before principal does not change whether
/// an installment is covered, only how much of it). Only loans whose 180-day window ended before
/// the cutoff have a label.
/// </summary>
public static class LoanOutcomes
{
    public sealed record Outcome(string LoanId, string Product, double TruePd, bool Defaulted);

    public static List<Outcome> Labelled(SimulatedData data)
    {
        var cutoff = data.Options.Cutoff;
        var truth = data.Truth.Rows.ToDictionary(r => r[0], r => SimulatedData.Number(r[1]), StringComparer.Ordinal);
        var installments = data.Installments.Rows
            .GroupBy(r => r[data.Installments["loan_id"]], StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Select(r => (
                Due: SimulatedData.Date(r[data.Installments["due_date"]]),
                Amount: SimulatedData.Money(r[data.Installments["principal_due"]]) + SimulatedData.Money(r[data.Installments["interest_due"]])))
                .OrderBy(i => i.Due).ToList(), StringComparer.Ordinal);
        var repayments = data.Repayments.Rows
            .GroupBy(r => r[data.Repayments["loan_id"]], StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Select(r => (
                Paid: SimulatedData.Timestamp(r[data.Repayments["paid_at"]]),
                Amount: SimulatedData.Money(r[data.Repayments["amount"]]))).ToList(), StringComparer.Ordinal);

        var result = new List<Outcome>();
        var loans = data.Loans;
        foreach (var row in loans.Rows)
        {
            var id = row[loans["loan_id"]];
            var disbursed = SimulatedData.Timestamp(row[loans["disbursed_at"]]);
            var windowEnd = disbursed.AddDays(180);
            if (windowEnd >= cutoff)
            {
                continue;
            }

            var paid = repayments.GetValueOrDefault(id) ?? [];
            var cumulativeDue = 0m;
            var defaulted = false;
            foreach (var (due, amount) in installments[id])
            {
                cumulativeDue += amount;
                var thirtyDaysLate = new DateTimeOffset(due.AddDays(30).ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
                if (thirtyDaysLate > windowEnd)
                {
                    break;
                }

                // Oldest-first allocation: this installment is covered once everything paid covers it and all before it.
                var covered = paid.Where(p => p.Paid < thirtyDaysLate).Sum(p => p.Amount);
                if (covered < cumulativeDue)
                {
                    defaulted = true;
                    break;
                }
            }

            result.Add(new Outcome(id, row[loans["product"]], truth[id], defaulted));
        }

        return result;
    }

    /// <summary>
    /// Exact, tie-aware AUC (Mann–Whitney U / (n₁n₀)): the share of (defaulted, repaid) pairs in
    /// which the defaulted loan has the higher score, ties counting one half.
    /// </summary>
    public static double Auc(IReadOnlyList<(double Score, bool Positive)> items)
    {
        var sorted = items.OrderBy(i => i.Score).ToList();
        double rankSumPositive = 0;
        long positives = 0;
        var i = 0;
        while (i < sorted.Count)
        {
            var j = i;
            while (j < sorted.Count && sorted[j].Score == sorted[i].Score)
            {
                j++;
            }

            var midRank = (i + 1 + j) / 2.0; // ranks i+1..j share their mean
            for (var k = i; k < j; k++)
            {
                if (sorted[k].Positive)
                {
                    rankSumPositive += midRank;
                    positives++;
                }
            }

            i = j;
        }

        long negatives = sorted.Count - positives;
        return (rankSumPositive - (positives * (positives + 1) / 2.0)) / (positives * (double)negatives);
    }
}
