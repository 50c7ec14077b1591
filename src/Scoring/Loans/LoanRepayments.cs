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
    /// the same millisecond is stored one millisecond later, so neither is lost; and a payment is
    /// never stored before one the loan already has (<see cref="RepaymentOutcome.PaidAt"/> says when it was).
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

        // Never stored before a payment already recorded: the payoff it is checked against then
        // counts every payment the loan has (twins sit a millisecond apart, so "now" may trail them).
        foreach (var earlier in loan.Payments)
        {
            paidAt = earlier.PaidAt > paidAt ? earlier.PaidAt : paidAt;
        }

        paidAt = await FreeInstantAsync(connection, transaction, loan.LoanId, amount, paidAt, cancellationToken);
        var payoff = LoanServicing.PayoffAt(loan.Terms, loan.Rules, loan.Schedule, loan.Payments, paidAt);
        if (payoff.Total == Money.Money.Zero)
        {
            return new RepaymentOutcome(RepaymentStatus.AlreadyRepaid, Payoff: payoff);
        }

        if (amount > payoff.Total)
        {
            return new RepaymentOutcome(RepaymentStatus.ExceedsPayoff, Payoff: payoff);
        }

        var position = await InsertAsync(connection, transaction, loan, amount, paidAt, cancellationToken);
        return new RepaymentOutcome(RepaymentStatus.Recorded, paidAt, payoff, position);
    }

    /// <summary>
    /// The instant at which a payment of <paramref name="amount"/> made at <paramref name="paidAt"/>
    /// is stored: that millisecond, or the first later one not holding a payment of the same amount
    /// (repayments are keyed by loan, paid_at and amount). Its payoff check counts the twins before it.
    /// </summary>
    internal static async Task<DateTimeOffset> FreeInstantAsync(
        DbConnection connection, DbTransaction transaction, string loanId, Money.Money amount, DateTimeOffset paidAt, CancellationToken cancellationToken)
    {
        var at = DbTime.ToDb(paidAt);
        var taken = await connection.QueryAsync<long>(new CommandDefinition(
            "SELECT paid_at FROM repayments WHERE loan_id = @loanId AND amount = @cents AND paid_at >= @at ORDER BY paid_at",
            new { loanId, cents = amount.ToMinor(), at },
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

        return DbTime.FromDb(at);
    }

    /// <summary>
    /// Inserts a checked payment (at most the payoff, at a <see cref="FreeInstantAsync"/> instant) and,
    /// when it closes the loan, writes the charged interest back to the installments. Also the
    /// settlement sweep's path.
    /// </summary>
    internal static async Task<LoanPosition> InsertAsync(
        DbConnection connection, DbTransaction transaction, StoredLoan loan, Money.Money amount, DateTimeOffset paidAt, CancellationToken cancellationToken)
    {
        var at = DbTime.ToDb(paidAt);
        var cents = amount.ToMinor();
        await connection.ExecuteAsync(new CommandDefinition(
            "INSERT INTO repayments (loan_id, paid_at, amount) VALUES (@loanId, @at, @cents)",
            new { loanId = loan.LoanId, at, cents },
            transaction,
            cancellationToken: cancellationToken));

        var after = loan with { Payments = [.. loan.Payments, new LoanPayment(paidAt, amount)] };
        var position = after.PositionAsOf(paidAt.AddMilliseconds(1));
        foreach (var installment in position.Installments.Where(i => i.InterestWaived > Money.Money.Zero))
        {
            await connection.ExecuteAsync(new CommandDefinition(
                "UPDATE installments SET interest_due = @charged WHERE loan_id = @loanId AND seq = @seq",
                new { charged = installment.InterestDue.ToMinor(), loanId = loan.LoanId, seq = installment.Seq },
                transaction,
                cancellationToken: cancellationToken));
        }

        return position;
    }
}
