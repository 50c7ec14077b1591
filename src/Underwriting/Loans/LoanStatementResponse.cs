using Microcredit.Scoring.Features.History;
using Microcredit.Scoring.Loans;

namespace Microcredit.Underwriting.Loans;

/// <summary>
/// A loan as of <see cref="AsOf"/>: terms, where it stands (status, days past due, totals), each
/// installment's due, paid and outstanding amounts, the payments made (API repayments and pledge
/// settlements alike) and, for an order loan, its pledges with what each collected.
/// </summary>
public sealed record LoanStatementResponse(
    string LoanId,
    string? DecisionId,
    string MerchantId,
    string Product,
    decimal Principal,
    decimal DailyRate,
    int? TermMonths,
    int? TermDays,
    DateTimeOffset DisbursedAt,
    DateOnly MaturityDate,
    DateTimeOffset AsOf,
    string Status,
    int DaysPastDue,
    LoanTotals Totals,
    IReadOnlyList<InstallmentLine> Schedule,
    IReadOnlyList<PaymentLine> Payments,
    IReadOnlyList<PledgeStateLine> Pledges)
{
    /// <summary>The statement as of <paramref name="asOf"/> (the request's now; the position is read a millisecond later, so a payment made at now counts).</summary>
    public static LoanStatementResponse From(LoanStatement statement, DateTimeOffset asOf) => new(
        statement.LoanId,
        statement.DecisionId,
        statement.MerchantId,
        LoanProducts.ToText(statement.Product),
        Amounts.Of(statement.Principal),
        statement.DailyRate,
        statement.TermMonths,
        statement.Product == LoanProduct.Order ? LoanSchedule.OrderLoanDays : null,
        statement.DisbursedAt,
        statement.MaturityDate,
        asOf,
        LoanStatuses.ToText(statement.Position.Status),
        statement.Position.DaysPastDue,
        LoanTotals.From(statement.Position),
        InstallmentLine.From(statement.Position),
        [.. statement.Payments.Select(p => new PaymentLine(p.PaidAt, Amounts.Of(p.Amount)))],
        [.. statement.Pledges.Select(p => new PledgeStateLine(p.OrderId, Amounts.Of(p.OrderAmount), Amounts.Of(p.AdvanceAmount), p.CollectedAt, p.Collected is { } collected ? Amounts.Of(collected) : null))]);
}

/// <summary>Sums over the installments: what is outstanding (of it, what is due by today) and what was paid.</summary>
public sealed record LoanTotals(decimal PrincipalOutstanding, decimal InterestOutstanding, decimal PenaltyOutstanding, decimal TotalOutstanding, decimal DueNow, decimal TotalPaid)
{
    public static LoanTotals From(LoanPosition position) => new(
        Amounts.Of(position.PrincipalOutstanding),
        Amounts.Of(position.InterestOutstanding),
        Amounts.Of(position.PenaltyOutstanding),
        Amounts.Of(position.TotalOutstanding),
        Amounts.Of(position.DueNow),
        Amounts.Of(position.TotalPaid));
}

/// <summary>
/// One installment as of the statement: due (scheduled principal, interest less any waived at
/// payoff, penalty accrued), paid, outstanding, and whole days it is past due (0 once paid or before its due date).
/// </summary>
public sealed record InstallmentLine(
    int Seq,
    DateOnly DueDate,
    decimal PrincipalDue,
    decimal InterestDue,
    decimal PenaltyDue,
    decimal InterestWaived,
    decimal PrincipalPaid,
    decimal InterestPaid,
    decimal PenaltyPaid,
    decimal Due,
    decimal Paid,
    decimal Outstanding,
    int DaysPastDue)
{
    public static IReadOnlyList<InstallmentLine> From(LoanPosition position)
    {
        var today = LoanSchedule.DateOf(position.AsOf);
        return [.. position.Installments.Select(i => new InstallmentLine(
            i.Seq,
            i.DueDate,
            Amounts.Of(i.PrincipalDue),
            Amounts.Of(i.InterestDue),
            Amounts.Of(i.PenaltyDue),
            Amounts.Of(i.InterestWaived),
            Amounts.Of(i.PrincipalPaid),
            Amounts.Of(i.InterestPaid),
            Amounts.Of(i.PenaltyPaid),
            Amounts.Of(i.Due),
            Amounts.Of(i.Paid),
            Amounts.Of(i.Outstanding),
            i.IsPaid ? 0 : Math.Max(0, today.DayNumber - i.DueDate.DayNumber)))];
    }
}

/// <summary>A payment on the loan: an API repayment or what a pledged order's settlement collected.</summary>
public sealed record PaymentLine(DateTimeOffset PaidAt, decimal Amount);

/// <summary>A pledged order: pending (collectedAt null) or resolved by its settlement (collected its net amount, capped at the payoff) or refund (collected 0).</summary>
public sealed record PledgeStateLine(string OrderId, decimal OrderAmount, decimal AdvanceAmount, DateTimeOffset? CollectedAt, decimal? Collected);
