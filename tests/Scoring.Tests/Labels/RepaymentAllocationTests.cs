using Microcredit.Scoring.Features.History;
using Microcredit.Scoring.Labels;

namespace Microcredit.Scoring.Tests.Labels;

public class RepaymentAllocationTests
{
    private static readonly InstallmentRecord[] Schedule =
    [
        new(1, 100, PrincipalCents: 10_000, InterestCents: 500),
        new(2, 130, PrincipalCents: 10_000, InterestCents: 300),
    ];

    [Fact]
    public void Allocate_InterestBeforePrincipal_OldestFirst()
    {
        // 400 → interest of #1 only; 10,500 → 100 interest + 10,000 principal of #1, then 400 to #2 (300 interest, 100 principal).
        RepaymentRecord[] payments = [new(1_000, 400), new(2_000, 10_500), new(3_000, 9_900)];
        var covered = new long[2];
        var principal = new long[3];

        RepaymentAllocation.Allocate(Schedule, payments, covered, principal);

        Assert.Equal([0L, 10_100, 9_900], principal);
        Assert.Equal([2_000L, 3_000], covered);
    }

    [Fact]
    public void Allocate_ShortPayments_LeaveInstallmentsUncovered()
    {
        RepaymentRecord[] payments = [new(1_000, 10_499)];
        var covered = new long[2];
        var principal = new long[1];

        RepaymentAllocation.Allocate(Schedule, payments, covered, principal);

        Assert.Equal([Days.Never, Days.Never], covered);
        Assert.Equal([9_999L], principal);
    }

    [Fact]
    public void Allocate_Overpayment_IsIgnoredBeyondTheSchedule()
    {
        RepaymentRecord[] payments = [new(1_000, 50_000)];
        var covered = new long[2];
        var principal = new long[1];

        RepaymentAllocation.Allocate(Schedule, payments, covered, principal);

        Assert.Equal([1_000L, 1_000], covered);
        Assert.Equal([20_000L], principal);
    }
}
