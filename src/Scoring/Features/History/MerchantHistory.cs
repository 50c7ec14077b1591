namespace Microcredit.Scoring.Features.History;

/// <summary>
/// The whole transaction history in memory, in flat arrays of compact structs: merchants sorted
/// by id (ordinal), each merchant's orders contiguous and sorted by created_at, its loans
/// contiguous and sorted by disbursement. Built by <see cref="HistoryBuilder"/> (from code) or
/// <see cref="HistoryLoader"/> (from the database). Immutable once built; safe to read from
/// several threads.
/// </summary>
public sealed class MerchantHistory
{
    internal MerchantHistory(
        string[] merchantIds,
        long[] registeredAt,
        int[] orderStart,
        int[] orderCount,
        int[] buyerCount,
        OrderEvent[] orders,
        int orderTotal,
        string[] loanIds,
        LoanRecord[] loans,
        int[] loanStart,
        int[] loanCount,
        InstallmentRecord[] installments,
        long[] installmentCoveredAt,
        RepaymentRecord[] repayments,
        long[] repaymentPrincipal,
        long latestEventAt)
    {
        MerchantIds = merchantIds;
        RegisteredAt = registeredAt;
        OrderStart = orderStart;
        OrderCounts = orderCount;
        BuyerCounts = buyerCount;
        Orders = orders;
        OrderCount = orderTotal;
        LoanIds = loanIds;
        Loans = loans;
        LoanStart = loanStart;
        LoanCounts = loanCount;
        Installments = installments;
        InstallmentCoveredAt = installmentCoveredAt;
        Repayments = repayments;
        RepaymentPrincipal = repaymentPrincipal;
        LatestEventAt = latestEventAt;
    }

    /// <summary>Merchant ids, sorted ordinally; a merchant's index is its position here.</summary>
    public IReadOnlyList<string> Merchants => MerchantIds;

    /// <summary>Number of orders.</summary>
    public int OrderCount { get; }

    /// <summary>Number of loans.</summary>
    public int LoanCount => Loans.Length;

    /// <summary>The latest timestamp of any event (Unix ms), or <see cref="long.MinValue"/> with no events.</summary>
    public long LatestEventAt { get; }

    internal string[] MerchantIds { get; }

    internal long[] RegisteredAt { get; }

    internal int[] OrderStart { get; }

    internal int[] OrderCounts { get; }

    internal int[] BuyerCounts { get; }

    internal OrderEvent[] Orders { get; }

    internal string[] LoanIds { get; }

    internal LoanRecord[] Loans { get; }

    internal int[] LoanStart { get; }

    internal int[] LoanCounts { get; }

    internal InstallmentRecord[] Installments { get; }

    /// <summary>Per installment: the paid_at of the payment that completed it under the allocation, or <see cref="Days.Never"/>.</summary>
    internal long[] InstallmentCoveredAt { get; }

    internal RepaymentRecord[] Repayments { get; }

    /// <summary>Per repayment: the cents of it that went to principal under the allocation.</summary>
    internal long[] RepaymentPrincipal { get; }

    internal ReadOnlySpan<OrderEvent> OrdersOf(int merchant) => Orders.AsSpan(OrderStart[merchant], OrderCounts[merchant]);
}
