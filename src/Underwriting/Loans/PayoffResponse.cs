namespace Microcredit.Underwriting.Loans;

/// <summary>What closes the loan on <see cref="Date"/> (docs/loans.md, "Payoff"), counting every payment made up to the end of that date.</summary>
public sealed record PayoffResponse(string LoanId, DateOnly Date, decimal Principal, decimal Interest, decimal Penalty, decimal Total);
