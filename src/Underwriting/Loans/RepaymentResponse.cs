using Microcredit.Scoring.Loans;

namespace Microcredit.Underwriting.Loans;

/// <summary>
/// A recorded repayment: when it was stored, what it was checked against (the payoff then), how it
/// was allocated (per installment: penalty, interest, principal) and the loan just after it.
/// </summary>
public sealed record RepaymentResponse(
    string LoanId,
    DateTimeOffset PaidAt,
    decimal Amount,
    decimal PayoffBefore,
    IReadOnlyList<AllocationLine> Allocation,
    string Status,
    int DaysPastDue,
    LoanTotals Totals,
    IReadOnlyList<InstallmentLine> Schedule);

/// <summary>The part of a payment one installment received.</summary>
public sealed record AllocationLine(int Seq, decimal Penalty, decimal Interest, decimal Principal)
{
    /// <summary>Per installment, what <paramref name="after"/> has paid beyond <paramref name="before"/>; installments it did not touch are left out.</summary>
    public static IReadOnlyList<AllocationLine> Between(LoanPosition before, LoanPosition after)
    {
        var earlier = before.Installments.ToDictionary(i => i.Seq);
        var lines = new List<AllocationLine>();
        foreach (var now in after.Installments)
        {
            var then = earlier[now.Seq];
            var line = new AllocationLine(
                now.Seq,
                Amounts.Of(now.PenaltyPaid - then.PenaltyPaid),
                Amounts.Of(now.InterestPaid - then.InterestPaid),
                Amounts.Of(now.PrincipalPaid - then.PrincipalPaid));
            if (line.Penalty != 0m || line.Interest != 0m || line.Principal != 0m)
            {
                lines.Add(line);
            }
        }

        return lines;
    }
}
