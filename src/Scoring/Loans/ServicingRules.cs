using Microcredit.Scoring.Features.History;

namespace Microcredit.Scoring.Loans;

/// <summary>
/// How a loan's payments are applied. Platform loans (originated through the underwriting API)
/// charge penalty interest and close at the payoff amount; imported loans are applied as their
/// own history recorded them (no penalty, no payoff waiver), which is the allocation the labels
/// and features use (<see cref="Labels.RepaymentAllocation"/>).
/// </summary>
/// <param name="PenaltyMultiplier">Penalty interest per day overdue, as a multiple of the daily rate.</param>
/// <param name="ClosesAtPayoff">Whether a payment of at least the payoff amount closes the loan, waiving interest not yet accrued.</param>
public sealed record ServicingRules(decimal PenaltyMultiplier, bool ClosesAtPayoff)
{
    /// <summary>Overdue principal of a platform loan accrues 1.5 × the daily rate per day overdue.</summary>
    public const decimal PlatformPenaltyMultiplier = 1.5m;

    public static ServicingRules Platform { get; } = new(PlatformPenaltyMultiplier, ClosesAtPayoff: true);

    public static ServicingRules Imported { get; } = new(0m, ClosesAtPayoff: false);

    /// <summary>The rules for a loan of that <c>loans.origin</c>.</summary>
    public static ServicingRules ForOrigin(string origin) => origin == LoanOrigin.Platform ? Platform : Imported;
}

/// <summary>Values of <c>loans.origin</c>.</summary>
public static class LoanOrigin
{
    /// <summary>Loaded by <c>credit import</c> (the column's default).</summary>
    public const string Import = "import";

    /// <summary>Drawn down through the underwriting API; imports never overwrite it.</summary>
    public const string Platform = "platform";
}

/// <summary>A loan's terms as servicing needs them.</summary>
/// <param name="Product">Credit (installments) or order (one installment at 30 days).</param>
/// <param name="Principal">Amount disbursed.</param>
/// <param name="DailyRate">Simple daily interest rate, up to 6 decimals.</param>
/// <param name="DisbursedAt">When the money was paid out; its UTC date starts the first period.</param>
public sealed record LoanTerms(LoanProduct Product, Money.Money Principal, decimal DailyRate, DateTimeOffset DisbursedAt);
