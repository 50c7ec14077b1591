using Microcredit.Scoring.Money;

namespace Microcredit.Scoring.Loans;

/// <summary>One installment of a schedule: due on <see cref="DueDate"/> (from 00:00 UTC), principal and interest due.</summary>
public readonly record struct ScheduledInstallment(int Seq, DateOnly DueDate, Money.Money Principal, Money.Money Interest);

/// <summary>
/// The repayment schedules of the two products (docs/loans.md). Amounts are rounded to the cent
/// half away from zero (<see cref="Money.Money.Round"/>); the schedule's principal sums to the
/// loan's principal exactly.
/// </summary>
public static class LoanSchedule
{
    /// <summary>Days from disbursement to the one installment of an order loan.</summary>
    public const int OrderLoanDays = 30;

    /// <summary>The terms a credit loan may run, in months.</summary>
    public static IReadOnlyList<int> CreditTerms { get; } = [3, 6, 12];

    /// <summary>
    /// A credit loan: installment k (1..n) due on the disbursement's UTC date plus k months; principal
    /// P/n rounded, the last installment taking the rest; interest r × (principal outstanding after
    /// the k−1 earlier installments) × days of the period, rounded.
    /// </summary>
    public static IReadOnlyList<ScheduledInstallment> Credit(Money.Money principal, int termMonths, decimal dailyRate, DateTimeOffset disbursedAt)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(principal.Amount, 0m, nameof(principal));
        if (!CreditTerms.Contains(termMonths))
        {
            throw new ArgumentOutOfRangeException(nameof(termMonths), termMonths, "A credit loan runs 3, 6 or 12 months.");
        }

        CheckRate(dailyRate);
        var start = DateOf(disbursedAt);
        var each = Money.Money.Round(principal.Amount / termMonths);
        var result = new ScheduledInstallment[termMonths];
        var outstanding = principal;
        var periodStart = start;
        for (var k = 1; k <= termMonths; k++)
        {
            var due = start.AddMonths(k);
            var part = k == termMonths ? outstanding : each;
            var interest = Money.Money.Round(dailyRate * outstanding.Amount * (due.DayNumber - periodStart.DayNumber));
            result[k - 1] = new ScheduledInstallment(k, due, part, interest);
            outstanding -= part;
            periodStart = due;
        }

        return result;
    }

    /// <summary>An order loan: one installment due 30 days after the disbursement's UTC date, interest r × P × 30, rounded.</summary>
    public static IReadOnlyList<ScheduledInstallment> Order(Money.Money principal, decimal dailyRate, DateTimeOffset disbursedAt)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(principal.Amount, 0m, nameof(principal));
        CheckRate(dailyRate);
        var due = DateOf(disbursedAt).AddDays(OrderLoanDays);
        return [new ScheduledInstallment(1, due, principal, Money.Money.Round(dailyRate * principal.Amount * OrderLoanDays))];
    }

    /// <summary>The UTC date of an instant: the day the loan's periods are counted from.</summary>
    public static DateOnly DateOf(DateTimeOffset instant) => DateOnly.FromDateTime(instant.UtcDateTime);

    private static void CheckRate(decimal dailyRate)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(dailyRate);
        _ = Rate.ToMicros(dailyRate);
    }
}
