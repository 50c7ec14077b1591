using Microcredit.Scoring.Features.History;

namespace Microcredit.Scoring.Features.Engine;

internal sealed partial class MerchantCalculator
{
    private const int RecentDpdDays = 180;

    /// <summary>Loan history as of the day: loans disbursed before D, payments made before D.</summary>
    private static void ComputeLoans(MerchantHistory history, int merchant, int day, Span<double> row)
    {
        var dayStart = Days.Start(day);
        var recentStart = dayStart - (RecentDpdDays * Days.Ms);
        long loans = 0, worstEver = 0, worstRecent = 0, outstanding = 0, principal = 0, repaid = 0;
        var start = history.LoanStart[merchant];
        for (var l = start; l < start + history.LoanCounts[merchant]; l++)
        {
            var loan = history.Loans[l];
            if (loan.DisbursedAt >= dayStart)
            {
                break;
            }

            loans++;
            principal += loan.PrincipalCents;
            long paid = 0;
            for (var p = loan.RepaymentStart; p < loan.RepaymentStart + loan.RepaymentCount && history.Repayments[p].PaidAt < dayStart; p++)
            {
                paid += history.RepaymentPrincipal[p];
            }

            repaid += paid;
            outstanding += Math.Max(0, loan.PrincipalCents - paid);
            for (var i = loan.InstallmentStart; i < loan.InstallmentStart + loan.InstallmentCount; i++)
            {
                var due = Days.Start(history.Installments[i].DueDay);
                if (due >= dayStart)
                {
                    break;
                }

                // Past due from the due date until the completing payment, or until D if none came before D.
                var covered = history.InstallmentCoveredAt[i];
                var end = covered < dayStart ? covered : dayStart;
                if (end <= due)
                {
                    continue;
                }

                var dpd = (end - due) / Days.Ms;
                worstEver = Math.Max(worstEver, dpd);
                if (end > recentStart)
                {
                    worstRecent = Math.Max(worstRecent, dpd);
                }
            }
        }

        row[(int)FeatureId.PastLoans] = loans;
        row[(int)FeatureId.WorstDpdEver] = worstEver;
        row[(int)FeatureId.WorstDpd180d] = worstRecent;
        row[(int)FeatureId.OutstandingPrincipal] = outstanding;
        row[(int)FeatureId.RepaidPrincipalShare] = principal == 0 ? double.NaN : (double)repaid / principal;
    }
}
