using Microcredit.Scoring.Loans;
using Microcredit.Scoring.Money;

namespace Microcredit.Scoring.Tests.Loans;

public class LoanScheduleTests
{
    private static readonly DateTimeOffset Disbursed = DateTimeOffset.Parse("2025-01-15T09:00:00Z", System.Globalization.CultureInfo.InvariantCulture);

    [Fact]
    public void Credit_SixMonthsOfTenThousand_MatchesTheHandSchedule()
    {
        var schedule = LoanSchedule.Credit(M(10_000.00m), 6, 0.0005m, Disbursed);

        // Principal 10,000 / 6 = 1,666.666… → 1,666.67; the last takes 10,000 − 5 × 1,666.67 = 1,666.65.
        // Interest = 0.0005 × outstanding × days of the period:
        //   Jan 15 → Feb 15, 31 d: 10,000.00 × 31 × 0.0005 = 155.00
        //   Feb 15 → Mar 15, 28 d:  8,333.33 × 28 × 0.0005 = 116.66662 → 116.67
        //   Mar 15 → Apr 15, 31 d:  6,666.66 × 31 × 0.0005 = 103.33323 → 103.33
        //   Apr 15 → May 15, 30 d:  4,999.99 × 30 × 0.0005 =  74.99985 →  75.00
        //   May 15 → Jun 15, 31 d:  3,333.32 × 31 × 0.0005 =  51.66646 →  51.67
        //   Jun 15 → Jul 15, 30 d:  1,666.65 × 30 × 0.0005 =  24.99975 →  25.00
        Assert.Equal(
            [
                I(1, "2025-02-15", 1_666.67m, 155.00m),
                I(2, "2025-03-15", 1_666.67m, 116.67m),
                I(3, "2025-04-15", 1_666.67m, 103.33m),
                I(4, "2025-05-15", 1_666.67m, 75.00m),
                I(5, "2025-06-15", 1_666.67m, 51.67m),
                I(6, "2025-07-15", 1_666.65m, 25.00m),
            ],
            schedule);
        Assert.Equal(M(10_000.00m), new Money.Money(schedule.Sum(i => i.Principal.Amount)));
    }

    [Fact]
    public void Credit_ThousandOverThree_LastInstallmentAbsorbsTheRest()
    {
        var schedule = LoanSchedule.Credit(M(1_000.00m), 3, 0.0005m, Disbursed);

        // 1,000 / 3 = 333.333… → 333.33, 333.33, then 1,000 − 666.66 = 333.34.
        // Interest: 1,000.00 × 31 × 0.0005 = 15.50; 666.67 × 28 × 0.0005 = 9.33338 → 9.33; 333.34 × 31 × 0.0005 = 5.16677 → 5.17.
        Assert.Equal(
            [I(1, "2025-02-15", 333.33m, 15.50m), I(2, "2025-03-15", 333.33m, 9.33m), I(3, "2025-04-15", 333.34m, 5.17m)],
            schedule);
    }

    [Fact]
    public void Credit_DisbursedOnTheThirtyFirst_DueDatesClampToMonthEnds()
    {
        var schedule = LoanSchedule.Credit(M(300.00m), 3, 0m, DateTimeOffset.Parse("2025-01-31T23:59:00Z", System.Globalization.CultureInfo.InvariantCulture));

        Assert.Equal(["2025-02-28", "2025-03-31", "2025-04-30"], schedule.Select(i => i.DueDate.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture)));
    }

    [Fact]
    public void Order_InterestOfHalfACent_RoundsAwayFromZero()
    {
        // 3.00 × 0.0005 × 30 = 0.045: half away from zero gives 0.05 (banker's rounding would give 0.04).
        var schedule = LoanSchedule.Order(M(3.00m), 0.0005m, Disbursed);

        Assert.Equal([I(1, "2025-02-14", 3.00m, 0.05m)], schedule);
    }

    [Fact]
    public void Credit_UnsupportedTermOrRate_IsRefused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => LoanSchedule.Credit(M(100m), 4, 0.0005m, Disbursed));
        Assert.Throws<ArgumentException>(() => LoanSchedule.Credit(M(100m), 3, 0.0000005m, Disbursed));
        Assert.Throws<ArgumentOutOfRangeException>(() => LoanSchedule.Order(M(0m), 0.0005m, Disbursed));
    }

    internal static Money.Money M(decimal amount) => new(amount);

    internal static ScheduledInstallment I(int seq, string due, decimal principal, decimal interest) =>
        new(seq, DateOnly.Parse(due, System.Globalization.CultureInfo.InvariantCulture), M(principal), M(interest));
}
