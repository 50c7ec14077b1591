namespace Microcredit.Underwriting.Policy;

/// <summary>
/// One row of the grade table: scores at or above <paramref name="MinScore"/> (and below the
/// better grade's cut-off) get this grade.
/// </summary>
/// <param name="Grade">Its name, e.g. "A".</param>
/// <param name="MinScore">Inclusive lower cut-off on the model's points scale.</param>
/// <param name="Action">What a credit request of this grade gets.</param>
/// <param name="DailyRate">Interest per day on outstanding principal (pricing grid), for credit and order loans.</param>
/// <param name="LineMultiple">Months of average net GMV the credit line may reach, before the (1 − pd) haircut.</param>
/// <param name="OrderAdvanceRate">Share of a pledged order's amount advanced at P(settle) = 1.</param>
public sealed record RiskGrade(
    string Grade,
    decimal MinScore,
    PolicyAction Action,
    decimal DailyRate,
    decimal LineMultiple,
    decimal OrderAdvanceRate);
