using Microcredit.Scoring.Money;

namespace Microcredit.Underwriting.Loans;

/// <summary>Money as the loans endpoints write it: currency units, always with the cents (1000.00, not 1000).</summary>
public static class Amounts
{
    /// <summary>Adding 0.00m sets a decimal's scale to at least 2 without changing its value.</summary>
    public static decimal Of(Money money) => money.Amount + 0.00m;
}
