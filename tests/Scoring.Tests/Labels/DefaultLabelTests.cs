using Microcredit.Scoring.Labels;
using Microcredit.Scoring.Tests.Features;

namespace Microcredit.Scoring.Tests.Labels;

/// <summary>
/// Hand-written repayment histories. The credit loan: disbursed 2025-01-01 10:00, installments
/// due 02-01, 03-01, 04-01 of 100.00 principal + 5.00 interest; its outcome window ends 180 days
/// later, 2025-06-30 10:00. Installment 2 reaches 30 days past due at 2025-03-31 00:00.
/// </summary>
public class DefaultLabelTests
{
    [Fact]
    public void Credit_PaidEarly_IsNotDefault()
    {
        var outcome = Credit(("2025-01-20T08:00:00Z", 315.00m));

        Assert.False(outcome.Default);
        Assert.Equal(HistoryRows.Ms("2025-06-30T10:00:00Z"), outcome.WindowEnd);
    }

    [Fact]
    public void Credit_InstallmentPaid29DaysLate_IsNotDefault()
    {
        var outcome = Credit(
            ("2025-02-01T09:00:00Z", 105.00m),
            ("2025-03-30T23:59:59.999Z", 105.00m), // the last millisecond before 30 days past due
            ("2025-04-01T09:00:00Z", 105.00m));

        Assert.False(outcome.Default);
    }

    [Fact]
    public void Credit_InstallmentPaid30DaysLate_IsDefault()
    {
        var outcome = Credit(
            ("2025-02-01T09:00:00Z", 105.00m),
            ("2025-03-31T00:00:00Z", 105.00m), // at the instant: only payments strictly before it count
            ("2025-04-01T09:00:00Z", 105.00m));

        Assert.True(outcome.Default);
    }

    [Fact]
    public void Credit_PartialThenNever_IsDefault()
    {
        var outcome = Credit(("2025-02-01T09:00:00Z", 105.00m), ("2025-03-01T09:00:00Z", 50.00m));

        Assert.True(outcome.Default);
    }

    [Fact]
    public void Credit_LateOnlyByAnInterestShortfall_IsDefault()
    {
        // 209.99 by 03-30: installment 1 (105.00) and 104.99 of installment 2 — interest first, so 0.01 of principal is missing.
        var outcome = Credit(("2025-02-01T09:00:00Z", 105.00m), ("2025-03-02T09:00:00Z", 104.99m), ("2025-04-20T00:00:00Z", 105.01m));

        Assert.True(outcome.Default);
    }

    [Fact]
    public void Credit_OverpaymentCoversLaterInstallments_OldestFirst()
    {
        // One payment of 210.00 on 02-01 covers installments 1 and 2; installment 3 is paid 10 days late.
        var outcome = Credit(("2025-02-01T09:00:00Z", 210.00m), ("2025-04-11T09:00:00Z", 105.00m));

        Assert.False(outcome.Default);
    }

    [Fact]
    public void Credit_InstallmentReaching30DpdAfter180Days_DoesNotCount()
    {
        // An installment due 06-15 would reach 30 days past due on 07-15, after the window ends on 06-30.
        var rows = CreditRows().Installment("C", 4, "2025-06-15", 100.00m, 5.00m)
            .Repayment("C", "2025-01-20T08:00:00Z", 315.00m);

        var outcome = DefaultLabel.Of(rows.ToHistory(), "C")!.Value;

        Assert.False(outcome.Default);
    }

    [Fact]
    public void OrderLoan_FullyRepaidBy29DaysAfterMaturity_IsNotDefault()
    {
        var rows = OrderRows()
            .Repayment("O", "2025-03-20T10:00:00Z", 120.00m)
            .Repayment("O", "2025-05-14T23:00:00Z", 84.00m);

        var outcome = DefaultLabel.Of(rows.ToHistory(), "O")!.Value;

        Assert.False(outcome.Default);
        Assert.Equal(HistoryRows.Ms("2025-05-15T00:00:00Z"), outcome.WindowEnd); // maturity 04-15 + 30 days
    }

    [Fact]
    public void OrderLoan_ShortAfterAPledgedOrderIsRefunded_IsDefault()
    {
        // Pledged o_a (120.00) settles and repays 120.00; pledged o_b (100.00) is refunded, so 84.00 of 204.00 never comes.
        var rows = OrderRows()
            .Order("o_a", "m", "b1", 120.00m, "2025-02-25T10:00:00Z", shipped: "2025-02-26T10:00:00Z", settled: "2025-03-20T10:00:00Z")
            .Order("o_b", "m", "b2", 100.00m, "2025-02-26T10:00:00Z", shipped: "2025-02-27T10:00:00Z", refunded: "2025-03-10T10:00:00Z", refundAmount: 100.00m)
            .Pledge("O", "o_a")
            .Pledge("O", "o_b")
            .Repayment("O", "2025-03-20T10:00:00Z", 120.00m)
            .Repayment("O", "2025-05-15T00:00:00Z", 84.00m); // at maturity + 30 days: too late

        var outcome = DefaultLabel.Of(rows.ToHistory(), "O")!.Value;

        Assert.True(outcome.Default);
    }

    [Fact]
    public void Outcome_IsKnownOnlyOnceTheWindowHasEnded()
    {
        var outcome = Credit(("2025-01-20T08:00:00Z", 315.00m));

        Assert.False(outcome.IsKnownAsOf(new DateOnly(2025, 6, 30))); // window ends 06-30 10:00
        Assert.True(outcome.IsKnownAsOf(new DateOnly(2025, 7, 1)));
    }

    private static LoanOutcome Credit(params (string PaidAt, decimal Amount)[] payments)
    {
        var rows = CreditRows();
        foreach (var (paidAt, amount) in payments)
        {
            rows.Repayment("C", paidAt, amount);
        }

        return DefaultLabel.Of(rows.ToHistory(), "C")!.Value;
    }

    private static HistoryRows CreditRows() => new HistoryRows()
        .Merchant("m", "2024-01-01T00:00:00Z")
        .Loan("C", "m", "credit", 300.00m, "2025-01-01T10:00:00Z", "2025-04-01")
        .Installment("C", 1, "2025-02-01", 100.00m, 5.00m)
        .Installment("C", 2, "2025-03-01", 100.00m, 5.00m)
        .Installment("C", 3, "2025-04-01", 100.00m, 5.00m);

    private static HistoryRows OrderRows() => new HistoryRows()
        .Merchant("m", "2024-01-01T00:00:00Z")
        .Loan("O", "m", "order", 200.00m, "2025-03-01T10:00:00Z", "2025-04-15")
        .Installment("O", 1, "2025-04-15", 200.00m, 4.00m);
}
