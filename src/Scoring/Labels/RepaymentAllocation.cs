using Microcredit.Scoring.Features.History;

namespace Microcredit.Scoring.Labels;

/// <summary>
/// Allocates a loan's payments to its schedule: each payment, in paid_at order, goes to the
/// oldest installment not yet covered, interest before principal, then to the next one; money
/// beyond the whole schedule is ignored. The allocation is causal (a payment's split depends only
/// on earlier payments), so one allocation over all payments answers "as of D" questions for
/// every D by looking only at payments before D.
/// </summary>
public static class RepaymentAllocation
{
    /// <summary>
    /// Fills <paramref name="coveredAt"/> (per installment: paid_at of the payment that completed
    /// it, <see cref="long.MinValue"/> when nothing was due, <see cref="Days.Never"/> if never
    /// covered) and <paramref name="principalPart"/> (per payment: cents that went to principal).
    /// </summary>
    /// <param name="installments">Sorted by due date, then seq.</param>
    /// <param name="payments">Sorted by paid_at.</param>
    /// <param name="coveredAt">Output, one per installment.</param>
    /// <param name="principalPart">Output, one per payment.</param>
    public static void Allocate(
        ReadOnlySpan<InstallmentRecord> installments,
        ReadOnlySpan<RepaymentRecord> payments,
        Span<long> coveredAt,
        Span<long> principalPart)
    {
        ArgumentOutOfRangeException.ThrowIfNotEqual(coveredAt.Length, installments.Length);
        ArgumentOutOfRangeException.ThrowIfNotEqual(principalPart.Length, payments.Length);
        var k = 0;
        long interestLeft = 0, principalLeft = 0;
        if (installments.Length > 0)
        {
            interestLeft = installments[0].InterestCents;
            principalLeft = installments[0].PrincipalCents;
        }

        // An installment with nothing due is covered from the start (or with the one before it).
        var when = long.MinValue;
        SkipCovered(installments, coveredAt, ref k, ref interestLeft, ref principalLeft, when);
        for (var p = 0; p < payments.Length; p++)
        {
            var amount = payments[p].AmountCents;
            long principal = 0;
            while (amount > 0 && k < installments.Length)
            {
                var take = Math.Min(amount, interestLeft);
                interestLeft -= take;
                amount -= take;
                take = Math.Min(amount, principalLeft);
                principalLeft -= take;
                amount -= take;
                principal += take;
                SkipCovered(installments, coveredAt, ref k, ref interestLeft, ref principalLeft, payments[p].PaidAt);
            }

            principalPart[p] = principal;
        }

        for (; k < installments.Length; k++)
        {
            coveredAt[k] = Days.Never;
        }
    }

    private static void SkipCovered(ReadOnlySpan<InstallmentRecord> installments, Span<long> coveredAt, ref int k, ref long interestLeft, ref long principalLeft, long when)
    {
        while (k < installments.Length && interestLeft == 0 && principalLeft == 0)
        {
            coveredAt[k] = when;
            k++;
            if (k < installments.Length)
            {
                interestLeft = installments[k].InterestCents;
                principalLeft = installments[k].PrincipalCents;
            }
        }
    }
}
