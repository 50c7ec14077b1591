using Microcredit.Scoring.Money;

namespace Microcredit.Underwriting.Policy;

public sealed partial record CreditPolicy
{
    /// <summary>
    /// The advance rate of one order: the grade's rate × P(settle), rounded down to a multiple of
    /// <see cref="OrderLoanRules.AdvanceRateStep"/>. Ineligible (rate 0) with SCORE_BELOW_CUTOFF
    /// when the grade takes no order loans, and LOW_SETTLEMENT_PROBABILITY when P(settle) is below
    /// the policy's minimum or the rounded rate is 0.
    /// </summary>
    /// <param name="grade">The merchant's risk grade.</param>
    /// <param name="settleProbability">P(the order settles rather than is refunded or disputed), in [0, 1].</param>
    public OrderRate OrderAdvanceRate(RiskGrade grade, double settleProbability)
    {
        ArgumentNullException.ThrowIfNull(grade);
        if (!(settleProbability is >= 0 and <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(settleProbability), settleProbability, "A probability is in [0, 1].");
        }

        if (grade.OrderAdvanceRate == 0)
        {
            return new OrderRate(0m, ReasonCodes.ScoreBelowCutoff);
        }

        var probability = (decimal)settleProbability;
        if (probability < OrderLoans.MinSettleProbability)
        {
            return new OrderRate(0m, ReasonCodes.LowSettlementProbability);
        }

        var step = OrderLoans.AdvanceRateStep;
        var rate = decimal.Floor(grade.OrderAdvanceRate * probability / step) * step;
        return rate == 0 ? new OrderRate(0m, ReasonCodes.LowSettlementProbability) : new OrderRate(rate, null);
    }

    /// <summary>
    /// The advance rate of one order of an assessed merchant: ineligible with the assessment's
    /// first order reason when order loans are closed to it, else <see cref="OrderAdvanceRate(RiskGrade, double)"/>.
    /// </summary>
    public OrderRate OrderAdvanceRate(Assessment assessment, double settleProbability)
    {
        ArgumentNullException.ThrowIfNull(assessment);
        return assessment.OrderLoansOpen
            ? OrderAdvanceRate(assessment.Grade!, settleProbability)
            : new OrderRate(0m, assessment.OrderReasons[0].Code);
    }

    /// <summary>The advance on an order: amount × rate rounded down to the cent (an advance never exceeds its share).</summary>
    public static Money OrderAdvance(Money orderAmount, decimal advanceRate) =>
        new(decimal.Floor(orderAmount.Amount * advanceRate * 100m) / 100m);

    /// <summary>
    /// Interest an order loan is expected to cost if repaid at its due date: advance × daily rate ×
    /// <see cref="OrderLoanRules.TermDays"/>, to the cent half away from zero.
    /// </summary>
    public Money ExpectedOrderInterest(Money advance, decimal dailyRate) =>
        Money.Round(advance.Amount * dailyRate * OrderLoans.TermDays);
}
