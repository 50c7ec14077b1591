using System.Data.Common;
using Dapper;
using Microcredit.Scoring.Features.History;
using Microcredit.Scoring.Storage;

namespace Microcredit.Scoring.Loans;

/// <summary>A pledged order of an order loan: pending until its order settles or is refunded.</summary>
/// <param name="OrderId">The pledged order.</param>
/// <param name="OrderAmount">The order's amount when it was pledged.</param>
/// <param name="AdvanceAmount">The part of the loan's principal advanced on it.</param>
/// <param name="CollectedAt">When the settlement sweep resolved it (the order's settled_at or refunded_at); null while pending.</param>
/// <param name="Collected">What its settlement repaid (zero for a refund); null while pending.</param>
public sealed record PledgeState(string OrderId, Money.Money OrderAmount, Money.Money AdvanceAmount, DateTimeOffset? CollectedAt, Money.Money? Collected);

/// <summary>A loan's terms, schedule with per-installment state, payments and pledges as of an instant.</summary>
/// <param name="LoanId">The loan.</param>
/// <param name="MerchantId">The borrower.</param>
/// <param name="Origin"><see cref="LoanOrigin"/>: import or platform.</param>
/// <param name="DecisionId">The decision drawn down (platform loans).</param>
/// <param name="Product">Credit or order loan.</param>
/// <param name="Principal">Amount disbursed.</param>
/// <param name="DailyRate">Simple daily interest rate.</param>
/// <param name="TermMonths">The number of installments of a credit loan; null for an order loan.</param>
/// <param name="DisbursedAt">When the money was paid out.</param>
/// <param name="MaturityDate">The last due date.</param>
/// <param name="Position">Schedule with per-installment state, days past due, totals and status.</param>
/// <param name="Payments">Payments made before the as-of instant, in paid_at order.</param>
/// <param name="Pledges">Pledged orders (order loans drawn down on the platform); empty otherwise.</param>
public sealed record LoanStatement(
    string LoanId,
    string MerchantId,
    string Origin,
    string? DecisionId,
    LoanProduct Product,
    Money.Money Principal,
    decimal DailyRate,
    int? TermMonths,
    DateTimeOffset DisbursedAt,
    DateOnly MaturityDate,
    LoanPosition Position,
    IReadOnlyList<LoanPayment> Payments,
    IReadOnlyList<PledgeState> Pledges);

/// <summary>Reads loans for the API, in the caller's connection and (optional) transaction.</summary>
public static class LoanStatements
{
    /// <summary>The loan as of <paramref name="asOf"/> (payments strictly before it); null when no loan has that id.</summary>
    public static async Task<LoanStatement?> LoadAsync(DbConnection connection, DbTransaction? transaction, string loanId, DateTimeOffset asOf, CancellationToken cancellationToken = default)
    {
        var loan = await StoredLoan.LoadAsync(connection, transaction, loanId, forUpdate: false, cancellationToken);
        if (loan is null)
        {
            return null;
        }

        var pledges = await connection.QueryAsync<PledgeRow>(new CommandDefinition(
            """
            SELECT order_id AS OrderId, order_amount AS OrderAmount, advance_amount AS AdvanceAmount, collected_at AS CollectedAt, collected AS Collected
            FROM loan_pledges WHERE loan_id = @loanId ORDER BY order_id
            """,
            new { loanId },
            transaction,
            cancellationToken: cancellationToken));
        var terms = loan.Terms;
        return new LoanStatement(
            loan.LoanId,
            loan.MerchantId,
            loan.Origin,
            loan.DecisionId,
            terms.Product,
            terms.Principal,
            terms.DailyRate,
            terms.Product == LoanProduct.Credit ? loan.Schedule.Count : null,
            terms.DisbursedAt,
            loan.MaturityDate,
            loan.PositionAsOf(asOf),
            [.. loan.Payments.Where(p => p.PaidAt < asOf)],
            [.. pledges.Select(p => p.ToState(asOf))]);
    }

    /// <summary>What closes the loan on <paramref name="date"/> (docs/loans.md, "Payoff"); null when no loan has that id.</summary>
    public static async Task<PayoffQuote?> PayoffAsync(DbConnection connection, DbTransaction? transaction, string loanId, DateOnly date, CancellationToken cancellationToken = default)
    {
        var loan = await StoredLoan.LoadAsync(connection, transaction, loanId, forUpdate: false, cancellationToken);
        return loan is null ? null : LoanServicing.PayoffOn(loan.Terms, loan.Rules, loan.Schedule, loan.Payments, date);
    }

    private sealed class PledgeRow
    {
        public string OrderId { get; set; } = "";

        public long OrderAmount { get; set; }

        public long AdvanceAmount { get; set; }

        public long? CollectedAt { get; set; }

        public long? Collected { get; set; }

        /// <summary>A pledge resolved after the as-of instant shows as pending.</summary>
        public PledgeState ToState(DateTimeOffset asOf)
        {
            var resolved = CollectedAt is { } at && at < DbTime.ToDb(asOf);
            return new PledgeState(
                OrderId,
                Money.Money.FromMinor(OrderAmount),
                Money.Money.FromMinor(AdvanceAmount),
                resolved ? DbTime.FromDb(CollectedAt!.Value) : null,
                resolved ? Money.Money.FromMinor(Collected ?? 0) : null);
        }
    }
}
