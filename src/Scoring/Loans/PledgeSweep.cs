using System.Data.Common;
using Dapper;
using Microcredit.Scoring.Storage;

namespace Microcredit.Scoring.Loans;

/// <summary>
/// The order-loan settlement sweep, run by <c>credit import</c> in the transaction of its merge:
/// every open pledge whose order has now settled repays the loan with the order's settled proceeds
/// (amount − refund_amount, at least 0) dated at settled_at, capped at the loan's payoff at that
/// instant; a refunded order repays nothing. Either way the pledge is marked resolved, so importing
/// the same files again collects nothing new.
/// </summary>
public static class PledgeSweep
{
    /// <summary>Resolves the open pledges whose orders settled or were refunded; returns how many.</summary>
    public static async Task<int> CollectAsync(DbConnection connection, DbTransaction transaction, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(connection);
        // One query through ix_loan_pledges_open and the orders key: with no platform loans it reads nothing.
        var ready = (await connection.QueryAsync<ReadyPledge>(new CommandDefinition(
            """
            SELECT p.loan_id AS LoanId, p.order_id AS OrderId, o.amount AS Amount, o.refund_amount AS RefundAmount,
                   o.settled_at AS SettledAt, o.refunded_at AS RefundedAt
            FROM loan_pledges p JOIN orders o ON o.order_id = p.order_id
            WHERE p.collected_at IS NULL AND (o.settled_at IS NOT NULL OR o.refunded_at IS NOT NULL)
            """,
            transaction: transaction,
            cancellationToken: cancellationToken))).ToList();
        foreach (var pledges in ready.GroupBy(p => p.LoanId, StringComparer.Ordinal))
        {
            var loan = await StoredLoan.LoadAsync(connection, transaction, pledges.Key, forUpdate: true, cancellationToken);
            foreach (var pledge in pledges.OrderBy(p => p.ResolvedAt).ThenBy(p => p.OrderId, StringComparer.Ordinal))
            {
                var collected = Money.Money.Zero;
                if (loan is not null && pledge.SettledAt is not null)
                {
                    // An order may settle between the decision and the draw-down: its proceeds repay from the disbursement on.
                    var at = DbTime.FromDb(pledge.ResolvedAt);
                    at = at < loan.Terms.DisbursedAt ? loan.Terms.DisbursedAt : at;
                    var proceeds = Money.Money.FromMinor(Math.Max(0, pledge.Amount - (pledge.RefundAmount ?? 0)));
                    var payoff = LoanServicing.PayoffAt(loan.Terms, loan.Rules, loan.Schedule, loan.Payments, at).Total;
                    collected = proceeds < payoff ? proceeds : payoff;
                    if (collected > Money.Money.Zero)
                    {
                        // A twin (same loan, instant and amount) moves this one a millisecond on; the cap
                        // above already counted every payment up to the settlement instant.
                        var paidAt = await LoanRepayments.FreeInstantAsync(connection, transaction, loan.LoanId, collected, at, cancellationToken);
                        await LoanRepayments.InsertAsync(connection, transaction, loan, collected, paidAt, cancellationToken);
                        loan = loan with { Payments = [.. loan.Payments, new LoanPayment(paidAt, collected)] };
                    }
                }

                await connection.ExecuteAsync(new CommandDefinition(
                    "UPDATE loan_pledges SET collected_at = @at, collected = @collected WHERE loan_id = @LoanId AND order_id = @OrderId",
                    new { at = pledge.ResolvedAt, collected = collected.ToMinor(), pledge.LoanId, pledge.OrderId },
                    transaction,
                    cancellationToken: cancellationToken));
            }
        }

        return ready.Count;
    }

    private sealed class ReadyPledge
    {
        public string LoanId { get; set; } = "";

        public string OrderId { get; set; } = "";

        public long Amount { get; set; }

        public long? RefundAmount { get; set; }

        public long? SettledAt { get; set; }

        public long? RefundedAt { get; set; }

        public long ResolvedAt => SettledAt ?? RefundedAt!.Value;
    }
}
