using Microcredit.Scoring.Loans;

namespace Microcredit.Jobs.Servicing;

/// <summary>A loan's write-off: the day it first reached the threshold and the principal outstanding then.</summary>
public sealed record WriteOff(string LoanId, DateOnly WrittenOffOn, int DaysPastDue, Scoring.Money.Money Principal)
{
    /// <summary>
    /// The write-off of <paramref name="loan"/> if it had reached <paramref name="days"/> days past
    /// due by <paramref name="asOf"/>; else null. The date is the first day D ≤ as-of with days past
    /// due ≥ threshold as of D 00:00 — the earliest due date d of an installment still unpaid at
    /// d + threshold, plus the threshold — so it does not depend on when the job first ran.
    /// </summary>
    public static WriteOff? Find(BookLoan loan, DateOnly asOf, int days)
    {
        ArgumentNullException.ThrowIfNull(loan);
        ArgumentOutOfRangeException.ThrowIfLessThan(days, 1);
        // Candidates in due order: a later installment cannot cross earlier than an earlier one.
        foreach (var due in loan.Schedule.Select(i => i.DueDate).Distinct().Order())
        {
            var day = due.AddDays(days);
            if (day > asOf)
            {
                return null;
            }

            var position = loan.PositionAt(StartOf(day));
            if (position.DaysPastDue >= days)
            {
                return new WriteOff(loan.LoanId, day, position.DaysPastDue, position.PrincipalOutstanding);
            }
        }

        return null;
    }

    internal static DateTimeOffset StartOf(DateOnly date) => new(date.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
}
