using Microcredit.Scoring.Money;

namespace Microcredit.Underwriting.Policy;

/// <summary>
/// A versioned credit policy (src/Underwriting/Policy/policy.json, loaded by
/// <see cref="PolicyLoader"/>) and the pure functions that apply it: <see cref="Assess"/>,
/// <see cref="DecideCredit"/>, <see cref="OrderAdvanceRate(RiskGrade, double)"/>. Nothing here reads a
/// clock or a database; the same inputs give the same outcome. docs/underwriting.md, "Policy".
/// </summary>
/// <param name="Version">Recorded with every decision and offer.</param>
/// <param name="ValidityDays">Decisions and offers expire this many days after they are made.</param>
/// <param name="HardRules">Knock-out rules.</param>
/// <param name="Grades">Best first, with strictly decreasing <see cref="RiskGrade.MinScore"/>.</param>
/// <param name="CreditLine">Line sizing and the terms offered.</param>
/// <param name="Exposure">Cap on a merchant's total outstanding principal.</param>
/// <param name="OrderLoans">Order-loan parameters.</param>
public sealed partial record CreditPolicy(
    string Version,
    int ValidityDays,
    HardRules HardRules,
    IReadOnlyList<RiskGrade> Grades,
    CreditLineRules CreditLine,
    ExposureRules Exposure,
    OrderLoanRules OrderLoans)
{
    /// <summary>
    /// The grade of a score: the first (best) grade whose cut-off the score reaches (a score
    /// exactly at a cut-off gets that grade); a score below every cut-off gets the last grade.
    /// </summary>
    public RiskGrade GradeOf(double score)
    {
        foreach (var grade in Grades)
        {
            if (score >= (double)grade.MinScore)
            {
                return grade;
            }
        }

        return Grades[^1];
    }

    /// <summary>Rounds down to a multiple of the line step; negative amounts give 0.</summary>
    public Money FloorToLineStep(decimal amount)
    {
        if (amount <= 0)
        {
            return Money.Zero;
        }

        var step = CreditLine.LineStep.Amount;
        return new Money(decimal.Floor(amount / step) * step);
    }
}
