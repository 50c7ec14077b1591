using System.Data.Common;
using Dapper;
using Microcredit.Scoring.Storage;

namespace Microcredit.Scoring.Loans;

/// <summary>How recording a repayment ended.</summary>
public enum RepaymentStatus
{
    /// <summary>Written to repayments.</summary>
    Recorded,

    /// <summary>No loan has that id.</summary>
    UnknownLoan,

    /// <summary>The loan was imported: its payments come from imports, not from the API.</summary>
    NotPlatformLoan,

    /// <summary>The loan is repaid already.</summary>
    AlreadyRepaid,

    /// <summary>The amount is more than the payoff at that instant (<see cref="RepaymentOutcome.Payoff"/>).</summary>
    ExceedsPayoff,

    /// <summary>The payment is dated before the disbursement.</summary>
    BeforeDisbursement,
}

/// <summary>
/// The outcome of recording a repayment. <see cref="PaidAt"/> is the instant stored (see
/// <see cref="LoanRepayments.RecordAsync"/>); <see cref="Payoff"/> the payoff the payment was
/// checked against; <see cref="Position"/> the loan just after it (null unless recorded).
/// </summary>
public sealed record RepaymentOutcome(RepaymentStatus Status, DateTimeOffset? PaidAt = null, PayoffQuote? Payoff = null, LoanPosition? Position = null);

/// <summary>Payments on platform loans, written in the caller's transaction.</summary>
public static class LoanRepayments
{
    /// <summary>
    /// Records a payment of <paramref name="amount"/> made at <paramref name="paidAt"/> on a platform
    /// loan. At most the payoff of that instant is accepted; a payment of exactly the payoff closes
    /// the loan, and the interest it waives is written back to the loan's installments (their
    /// interest_due becomes what was charged), so features and labels see a fully covered schedule.
    /// A repayment is keyed by (loan, paid_at ms, amount): a second payment of the same amount in
    /// the same millisecond is stored one millisecond later, so neither is lost.
    /// </summary>
    public static async Task<RepaymentOutcome> RecordAsync(
        DbConnection connection,
        DbTransaction transaction,
        string loanId,
        Money.Money amount,
        DateTimeOffset paidAt,
        CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(amount.Amount, 0m, nameof(amount));
        _ = amount.ToMinor();
        var loan = await StoredLoan.LoadAsync(connection, transaction, loanId, forUpdate: true, cancellationToken);
        if (loan is null)
        {
            return new RepaymentOutcome(RepaymentStatus.UnknownLoan);
        }

        if (loan.Origin != LoanOrigin.Platform)
        {
            return new RepaymentOutcome(RepaymentStatus.NotPlatformLoan);
        }

        if (paidAt < loan.Terms.DisbursedAt)
        {
            return new RepaymentOutcome(RepaymentStatus.BeforeDisbursement);
        }

        var payoff = LoanServicing.PayoffAt(loan.Terms, loan.Rules, loan.Schedule, loan.Payments, paidAt);
        if (payoff.Total == Money.Money.Zero)
        {
            return new RepaymentOutcome(RepaymentStatus.AlreadyRepaid, Payoff: payoff);
        }

        if (amount > payoff.Total)
        {
            return new RepaymentOutcome(RepaymentStatus.ExceedsPayoff, Payoff: payoff);
        }

        var stored = await InsertAsync(connection, transaction, loan, amount, paidAt, cancellationToken);
        return new RepaymentOutcome(RepaymentStatus.Recorded, stored.PaidAt, payoff, stored.Position);
    }

    /// <summary>
    /// Inserts a checked payment (at most the payoff) and, when it closes the loan, writes the
    /// charged interest back to the installments. Also the settlement sweep's path.
    /// </summary>
    internal static async Task<(DateTimeOffset PaidAt, LoanPosition Position)> InsertAsync(
        DbConnection connection, DbTransaction transaction, StoredLoan loan, Money.Money amount, DateTimeOffset paidAt, CancellationToken cancellationToken)
    {
        var at = DbTime.ToDb(paidAt);
        var cents = amount.ToMinor();
        var taken = await connection.QueryAsync<long>(new CommandDefinition(
            "SELECT paid_at FROM repayments WHERE loan_id = @loanId AND amount = @cents AND paid_at >= @at ORDER BY paid_at",
            new { loanId = loan.LoanId, cents, at },
            transaction,
            cancellationToken: cancellationToken));
        foreach (var existing in taken)
        {
            if (existing != at)
            {
                break;
            }

            at++;
        }

        await connection.ExecuteAsync(new CommandDefinition(
            "INSERT INTO repayments (loan_id, paid_at, amount) VALUES (@loanId, @at, @cents)",
            new { loanId = loan.LoanId, at, cents },
            transaction,
            cancellationToken: cancellationToken));

        var recorded = DbTime.FromDb(at);
        var after = loan with { Payments = [.. loan.Payments, new LoanPayment(recorded, amount)] };
        var position = after.PositionAsOf(recorded.AddMilliseconds(1));
        foreach (var installment in position.Installments.Where(i => i.InterestWaived > Money.Money.Zero))
        {
            await connection.ExecuteAsync(new CommandDefinition(
                "UPDATE installments SET interest_due = @charged WHERE loan_id = @loanId AND seq = @seq",
                new { charged = installment.InterestDue.ToMinor(), loanId = loan.LoanId, seq = installment.Seq },
                transaction,
                cancellationToken: cancellationToken));
        }

        return (recorded, position);
    }
}
