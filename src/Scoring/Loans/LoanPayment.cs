namespace Microcredit.Scoring.Loans;

/// <summary>A payment on a loan as stored in <c>repayments</c>: when and how much.</summary>
public readonly record struct LoanPayment(DateTimeOffset PaidAt, Money.Money Amount);
