using Microcredit.Scoring.Features.History;

namespace Microcredit.Scoring.Labels;

/// <summary>A loan's outcome: whether it defaulted, and the instant from which that is known.</summary>
/// <param name="Default">The label: 1 (true) for default.</param>
/// <param name="WindowEnd">End of the outcome window (Unix ms); the label depends only on payments before it.</param>
public readonly record struct LoanOutcome(bool Default, long WindowEnd)
{
    /// <summary>Whether the outcome is known when the data ends at <paramref name="asOf"/> 00:00 UTC.</summary>
    public bool IsKnownAsOf(DateOnly asOf) => WindowEnd <= Days.Start(asOf);
}

/// <summary>
/// The default label. Installment i reaches 30 days past due at due_date 00:00 UTC + 30 days
/// if the payments made strictly before that instant (allocated by <see cref="RepaymentAllocation"/>)
/// do not cover it. A credit loan defaults if any installment reaches 30 days past due within
/// 180 days of disbursement (at or before disbursed_at + 180 days); its outcome window ends then.
/// An order loan defaults if it is not fully repaid by maturity_date 00:00 + 30 days; its window
/// ends then.
/// </summary>
public static class DefaultLabel
{
    /// <summary>Days past due that make an installment a default.</summary>
    public const int DefaultDpd = 30;

    /// <summary>How long after disbursement a credit loan is watched.</summary>
    public const int CreditWindowDays = 180;

    /// <summary>The outcome of one loan given its installments' coverage instants (same order as its installments).</summary>
    public static LoanOutcome Of(LoanRecord loan, ReadOnlySpan<InstallmentRecord> installments, ReadOnlySpan<long> coveredAt)
    {
        var grace = DefaultDpd * Days.Ms;
        if (loan.Product == LoanProduct.Credit)
        {
            var windowEnd = loan.DisbursedAt + (CreditWindowDays * Days.Ms);
            for (var i = 0; i < installments.Length; i++)
            {
                var reaches = Days.Start(installments[i].DueDay) + grace;
                if (reaches <= windowEnd && !(coveredAt[i] < reaches))
                {
                    return new LoanOutcome(true, windowEnd);
                }
            }

            return new LoanOutcome(false, windowEnd);
        }

        var end = Days.Start(loan.MaturityDay) + grace;
        for (var i = 0; i < installments.Length; i++)
        {
            if (!(coveredAt[i] < end))
            {
                return new LoanOutcome(true, end);
            }
        }

        return new LoanOutcome(false, end);
    }

    /// <summary>The outcome of loan <paramref name="loan"/> (an index into the history's loans).</summary>
    public static LoanOutcome Of(MerchantHistory history, int loan)
    {
        ArgumentNullException.ThrowIfNull(history);
        var record = history.Loans[loan];
        return Of(
            record,
            history.Installments.AsSpan(record.InstallmentStart, record.InstallmentCount),
            history.InstallmentCoveredAt.AsSpan(record.InstallmentStart, record.InstallmentCount));
    }

    /// <summary>The outcome of the loan with that id, or null if there is none.</summary>
    public static LoanOutcome? Of(MerchantHistory history, string loanId)
    {
        ArgumentNullException.ThrowIfNull(history);
        var index = Array.IndexOf(history.LoanIds, loanId);
        return index < 0 ? null : Of(history, index);
    }
}
