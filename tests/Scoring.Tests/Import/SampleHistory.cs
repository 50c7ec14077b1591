namespace Microcredit.Scoring.Tests.Import;

/// <summary>
/// A small valid history touching every file and rule; tests break one field of it. Row n of a
/// file is on line n + 1 (the header is line 1).
/// </summary>
public static class SampleHistory
{
    public const string MerchantsHeader = "merchant_id,registered_at,category,region,kyc_verified";
    public const string OrdersHeader = "order_id,merchant_id,buyer_id,amount,created_at,shipped_at,settled_at,refunded_at,refund_amount,disputed_at";
    public const string LoansHeader = "loan_id,merchant_id,product,principal,daily_rate,disbursed_at,maturity_date";
    public const string InstallmentsHeader = "loan_id,seq,due_date,principal_due,interest_due";
    public const string RepaymentsHeader = "loan_id,paid_at,amount";
    public const string LoanOrdersHeader = "loan_id,order_id";

    public static string Merchants => Lines(
        MerchantsHeader,
        "M1,2024-01-15T09:30:00Z,apparel,Zhejiang,true",
        "M2,2024-06-01T00:00:00Z,electronics,Guangdong,false");

    public static string Orders => Lines(
        OrdersHeader,
        "O1,M1,B1,129.90,2025-09-01T10:00:00Z,2025-09-02T08:00:00Z,2025-09-09T12:00:00Z,,,",
        "O2,M1,B2,59.00,2025-09-03T11:15:00Z,2025-09-04T09:00:00Z,,2025-09-08T10:00:00Z,59.00,2025-09-06T16:00:00Z",
        "O3,M2,B3,349.50,2025-10-28T13:00:00Z,2025-10-29T09:00:00Z,,,,",
        "O4,M2,B3,88.80,2025-10-30T18:20:00Z,,,,,");

    public static string Loans => Lines(
        LoansHeader,
        "L1,M1,credit,3000.00,0.000500,2025-07-01T02:00:00Z,2025-10-01",
        "L2,M2,order,300.00,0.000400,2025-10-29T10:00:00Z,2025-11-28");

    public static string Installments => Lines(
        InstallmentsHeader,
        "L1,1,2025-08-01,1000.00,46.50",
        "L1,2,2025-09-01,1000.00,31.00",
        "L1,3,2025-10-01,1000.00,15.00",
        "L2,1,2025-11-28,300.00,3.60");

    public static string Repayments => Lines(
        RepaymentsHeader,
        "L1,2025-08-01T06:00:00Z,1046.50",
        "L1,2025-09-01T06:00:00Z,1031.00");

    public static string LoanOrders => Lines(LoanOrdersHeader, "L2,O3");

    /// <summary>Every file, valid.</summary>
    public static Dictionary<string, string> All() => new(StringComparer.Ordinal)
    {
        ["merchants.csv"] = Merchants,
        ["orders.csv"] = Orders,
        ["loans.csv"] = Loans,
        ["installments.csv"] = Installments,
        ["repayments.csv"] = Repayments,
        ["loan_orders.csv"] = LoanOrders,
    };

    public static string Lines(params string[] lines) => string.Join('\n', lines) + "\n";
}
