namespace Microcredit.Scoring.Loans;

/// <summary>Where a loan stands.</summary>
public enum LoanStatus
{
    /// <summary>Nothing is past due (an installment due today is not yet late).</summary>
    Current,

    /// <summary>An installment is unpaid a day or more after its due date.</summary>
    Late,

    /// <summary>Everything is paid, or the loan was closed at its payoff amount.</summary>
    Repaid,
}

/// <summary>Text form of <see cref="LoanStatus"/> (what the API shows).</summary>
public static class LoanStatuses
{
    public static string ToText(LoanStatus status) => status switch
    {
        LoanStatus.Current => "current",
        LoanStatus.Late => "late",
        _ => "repaid",
    };
}

/// <summary>
/// One installment as of an instant. Due amounts are what it charges (scheduled principal,
/// scheduled interest less any waived at payoff, penalty accrued so far); paid amounts are what
/// payments allocated to it.
/// </summary>
public sealed record InstallmentPosition(
    int Seq,
    DateOnly DueDate,
    Money.Money PrincipalDue,
    Money.Money InterestDue,
    Money.Money PenaltyDue,
    Money.Money PrincipalPaid,
    Money.Money InterestPaid,
    Money.Money PenaltyPaid,
    Money.Money InterestWaived)
{
    public Money.Money Due => PrincipalDue + InterestDue + PenaltyDue;

    public Money.Money Paid => PrincipalPaid + InterestPaid + PenaltyPaid;

    public Money.Money Outstanding => Due - Paid;

    public bool IsPaid => Outstanding == Money.Money.Zero;
}

/// <summary>A loan's position as of an instant, from the payments made before it (docs/loans.md).</summary>
/// <param name="AsOf">The instant; payments at or after it are not counted.</param>
/// <param name="Status">Current, late or repaid.</param>
/// <param name="DaysPastDue">Whole days since the due date of the oldest installment not fully paid; 0 when none is past due.</param>
/// <param name="Installments">In due-date order.</param>
/// <param name="Overpaid">Money received beyond what closed the loan (never accepted by <see cref="LoanRepayments"/>).</param>
public sealed record LoanPosition(
    DateTimeOffset AsOf,
    LoanStatus Status,
    int DaysPastDue,
    IReadOnlyList<InstallmentPosition> Installments,
    Money.Money Overpaid)
{
    public Money.Money PrincipalOutstanding => Sum(i => i.PrincipalDue - i.PrincipalPaid);

    public Money.Money InterestOutstanding => Sum(i => i.InterestDue - i.InterestPaid);

    public Money.Money PenaltyOutstanding => Sum(i => i.PenaltyDue - i.PenaltyPaid);

    public Money.Money TotalOutstanding => Sum(i => i.Outstanding);

    public Money.Money TotalPaid => Sum(i => i.Paid) + Overpaid;

    /// <summary>What is owed now: the outstanding amounts of installments due on or before the as-of date.</summary>
    public Money.Money DueNow
    {
        get
        {
            var today = LoanSchedule.DateOf(AsOf);
            return Sum(i => i.DueDate <= today ? i.Outstanding : Money.Money.Zero);
        }
    }

    private Money.Money Sum(Func<InstallmentPosition, Money.Money> part)
    {
        var total = Money.Money.Zero;
        foreach (var installment in Installments)
        {
            total += part(installment);
        }

        return total;
    }
}

/// <summary>
/// What closes the loan on <see cref="Date"/>: unpaid principal, interest accrued to that date
/// (scheduled interest of installments due and unpaid, plus the current period's interest accrued
/// daily), and penalty interest. Zero when the loan is already repaid.
/// </summary>
public sealed record PayoffQuote(DateOnly Date, Money.Money Principal, Money.Money Interest, Money.Money Penalty)
{
    public Money.Money Total => Principal + Interest + Penalty;
}
