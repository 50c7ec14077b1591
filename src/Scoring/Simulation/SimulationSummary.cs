namespace Microcredit.Scoring.Simulation;

/// <summary>Row counts of one simulation run (data rows, without headers).</summary>
public sealed record SimulationSummary(
    long Merchants,
    long Orders,
    long Loans,
    long Installments,
    long Repayments,
    long LoanOrders);
