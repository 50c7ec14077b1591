namespace Microcredit.Scoring.Simulation;

/// <summary>The files the simulator writes: the six input files of docs/data-format.md and two truth side files.</summary>
internal enum SimulationFile
{
    Merchants,
    Orders,
    Loans,
    Installments,
    Repayments,
    LoanOrders,
    Truth,
    MerchantTruth,
}

internal static class SimulationFiles
{
    /// <summary>How many files there are: one per <see cref="SimulationFile"/> value.</summary>
    public static readonly int Count = Enum.GetValues<SimulationFile>().Length;

    public static string Name(SimulationFile file) => file switch
    {
        SimulationFile.Merchants => "merchants",
        SimulationFile.Orders => "orders",
        SimulationFile.Loans => "loans",
        SimulationFile.Installments => "installments",
        SimulationFile.Repayments => "repayments",
        SimulationFile.LoanOrders => "loan_orders",
        SimulationFile.Truth => "truth",
        SimulationFile.MerchantTruth => "merchant_truth",
        _ => throw new ArgumentOutOfRangeException(nameof(file)),
    };

    public static string Header(SimulationFile file) => file switch
    {
        SimulationFile.Merchants => "merchant_id,registered_at,category,region,kyc_verified",
        SimulationFile.Orders => "order_id,merchant_id,buyer_id,amount,created_at,shipped_at,settled_at,refunded_at,refund_amount,disputed_at",
        SimulationFile.Loans => "loan_id,merchant_id,product,principal,daily_rate,disbursed_at,maturity_date",
        SimulationFile.Installments => "loan_id,seq,due_date,principal_due,interest_due",
        SimulationFile.Repayments => "loan_id,paid_at,amount",
        SimulationFile.LoanOrders => "loan_id,order_id",
        SimulationFile.Truth => "loan_id,true_pd",
        SimulationFile.MerchantTruth => "merchant_id,fraudulent,mean_health",
        _ => throw new ArgumentOutOfRangeException(nameof(file)),
    };

    public static string FileName(SimulationFile file, bool gzip) => Name(file) + (gzip ? ".csv.gz" : ".csv");
}
