namespace Microcredit.Underwriting.Loans;

/// <summary>Body of <c>POST /v1/loans/{loanId}/repayments</c>: the amount paid, in currency units with at most 2 decimals.</summary>
public sealed record RepaymentRequest(decimal? Amount);
