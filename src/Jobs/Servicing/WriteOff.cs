using Microcredit.Scoring.Loans;

namespace Microcredit.Jobs.Servicing;

/// <summary>A loan's write-off: the day it first reached the threshold and the principal outstanding then.</summary>
public sealed record WriteOff(string LoanId, DateOnly WrittenOffOn, int DaysPastDue, Scoring.Money.Money Principal)
{
    /// <summary>
    /// The write-off of <paramref name="loan"/> if it had reached <paramref name="days"/> days past
    /// due by <paramref name="asOf"/>; else null. The date is the first day D ≤ as-of with days past
    /// due ≥ threshold as of D 00:00 (<see cref="BookLoan.FirstDayPastDue"/>), so it does not depend
    /// on when the job first ran.
    /// </summary>
    public static WriteOff? Find(BookLoan loan, DateOnly asOf, int days)
    {
        ArgumentNullException.ThrowIfNull(loan);
        if (loan.FirstDayPastDue(days, asOf) is not { } day)
        {
            return null;
        }

        var position = loan.PositionAt(StartOf(day));
        return new WriteOff(loan.LoanId, day, position.DaysPastDue, position.PrincipalOutstanding);
    }

    internal static DateTimeOffset StartOf(DateOnly date) => BookLoan.StartOf(date);
}
