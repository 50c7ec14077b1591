namespace Microcredit.Underwriting.Loans;

/// <summary>
/// A loan as drawn down: its terms, schedule and (order loans) pledged orders. Money in currency
/// units, rates as fractions; a credit loan has <see cref="TermMonths"/>, an order loan <see cref="TermDays"/>.
/// </summary>
public sealed record LoanResponse(
    string LoanId,
    string DecisionId,
    string MerchantId,
    string Product,
    decimal Principal,
    decimal DailyRate,
    decimal Apr,
    int? TermMonths,
    int? TermDays,
    DateTimeOffset DisbursedAt,
    DateOnly MaturityDate,
    decimal TotalInterest,
    IReadOnlyList<ScheduleLine> Schedule,
    IReadOnlyList<PledgeLine> Pledges);

/// <summary>One installment as scheduled.</summary>
public sealed record ScheduleLine(int Seq, DateOnly DueDate, decimal Principal, decimal Interest, decimal Total);

/// <summary>An order pledged to an order loan and the advance it carries.</summary>
public sealed record PledgeLine(string OrderId, decimal OrderAmount, decimal AdvanceAmount);
