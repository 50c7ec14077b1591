namespace Microcredit.Underwriting.Policy;

/// <summary>Order loans: advances on shipped, unsettled orders.</summary>
/// <param name="MaxShipAgeDays">An order shipped longer ago than this is not eligible (SHIPPED_OVER_30_DAYS_AGO).</param>
/// <param name="TermDays">An order loan is due this many days after disbursement; expected interest counts these days.</param>
/// <param name="MinSettleProbability">Orders less likely to settle are not eligible (LOW_SETTLEMENT_PROBABILITY).</param>
/// <param name="AdvanceRateStep">Per-order advance rates are rounded down to a multiple of this.</param>
public sealed record OrderLoanRules(int MaxShipAgeDays, int TermDays, decimal MinSettleProbability, decimal AdvanceRateStep);
