using Microcredit.Scoring.Labels;

namespace Microcredit.Scoring.Features.History;

/// <summary>
/// Assembles a <see cref="MerchantHistory"/> row by row, with the columns of the history tables
/// (money in cents, instants in Unix ms, null for an absent timestamp). Orders may come in any
/// order; when each merchant's orders come together (as a table stored in merchant order
/// delivers them) they stay in place, otherwise <see cref="Build"/> groups them with one counting
/// sort. Not thread-safe.
/// </summary>
public sealed class HistoryBuilder
{
    private readonly Dictionary<string, int> merchantIndex = new(StringComparer.Ordinal);
    private readonly List<string> merchantIds = [];
    private readonly List<long> registeredAt = [];
    private readonly List<int> orderStart = [];
    private readonly List<int> orderCount = [];
    private readonly Dictionary<string, int> buyers = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> loanIndex = new(StringComparer.Ordinal);
    private readonly List<PendingLoan> loans = [];
    private OrderEvent[] orders;
    private int[] orderMerchant;
    private bool grouped = true;
    private int orderTotal;
    private int currentMerchant = -1;
    private string? currentMerchantId;
    private long latest = long.MinValue;

    /// <param name="expectedOrders">Capacity to reserve, e.g. the row count of the orders table.</param>
    public HistoryBuilder(long expectedOrders = 0)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(expectedOrders);
        orders = new OrderEvent[Math.Max(16, checked((int)expectedOrders))];
        orderMerchant = new int[orders.Length];
    }

    /// <summary>Adds a merchant (merchants.csv). Ids are unique.</summary>
    public void AddMerchant(string merchantId, long registeredAtMs)
    {
        ArgumentNullException.ThrowIfNull(merchantId);
        if (!merchantIndex.TryAdd(merchantId, merchantIds.Count))
        {
            throw new ArgumentException($"Merchant '{merchantId}' was added twice.", nameof(merchantId));
        }

        merchantIds.Add(merchantId);
        registeredAt.Add(registeredAtMs);
        orderStart.Add(0);
        orderCount.Add(0);
        Touch(registeredAtMs);
    }

    /// <summary>Adds an order of a merchant already added.</summary>
    public void AddOrder(string merchantId, string buyerId, long amountCents, long createdAt, long? shippedAt, long? settledAt, long? refundedAt, long? refundCents, long? disputedAt) =>
        AddOrder(merchantId.AsSpan(), buyerId.AsSpan(), amountCents, createdAt, shippedAt, settledAt, refundedAt, refundCents, disputedAt);

    /// <summary>
    /// Adds an order with its ids as character spans, so that a loader reading millions of rows
    /// allocates a string only for a buyer it has not seen before.
    /// </summary>
    public void AddOrder(ReadOnlySpan<char> merchantId, ReadOnlySpan<char> buyerId, long amountCents, long createdAt, long? shippedAt, long? settledAt, long? refundedAt, long? refundCents, long? disputedAt)
    {
        // Orders of one merchant usually come together: skip the id lookup while it does not change.
        var m = currentMerchantId is not null && merchantId.SequenceEqual(currentMerchantId) ? currentMerchant : Merchant(merchantId);
        if (m != currentMerchant)
        {
            currentMerchantId = merchantIds[m];
            currentMerchant = m;
            if (orderCount[m] > 0)
            {
                grouped = false;
            }
            else
            {
                orderStart[m] = orderTotal;
            }
        }

        // Buyers are numbered globally here and renumbered per merchant (0…n−1) in Build.
        var buyerLookup = buyers.GetAlternateLookup<ReadOnlySpan<char>>();
        if (!buyerLookup.TryGetValue(buyerId, out var buyer))
        {
            buyer = buyers.Count;
            buyers.Add(buyerId.ToString(), buyer);
        }

        if (orderTotal == orders.Length)
        {
            Array.Resize(ref orders, orders.Length * 2);
        }

        if (orderTotal == orderMerchant.Length)
        {
            Array.Resize(ref orderMerchant, Math.Max(16, orderMerchant.Length * 2));
        }

        orderMerchant[orderTotal] = m;
        orders[orderTotal++] = new OrderEvent(
            createdAt,
            shippedAt ?? Days.Never,
            settledAt ?? Days.Never,
            refundedAt ?? Days.Never,
            disputedAt ?? Days.Never,
            amountCents,
            refundedAt is null ? 0 : refundCents ?? 0,
            buyer);
        orderCount[m]++;
        Touch(createdAt);
        Touch(shippedAt);
        Touch(settledAt);
        Touch(refundedAt);
        Touch(disputedAt);
    }

    /// <summary>Adds a loan of a merchant already added.</summary>
    public void AddLoan(string loanId, string merchantId, LoanProduct product, long principalCents, long dailyRateMicros, long disbursedAt, DateOnly maturityDate)
    {
        var m = Merchant(merchantId);
        if (!loanIndex.TryAdd(loanId, loans.Count))
        {
            throw new ArgumentException($"Loan '{loanId}' was added twice.", nameof(loanId));
        }

        loans.Add(new PendingLoan(loanId, m, product, principalCents, dailyRateMicros, disbursedAt, Days.Of(maturityDate)));
        Touch(disbursedAt);
    }

    /// <summary>Adds an installment to a loan already added.</summary>
    public void AddInstallment(string loanId, int seq, DateOnly dueDate, long principalCents, long interestCents) =>
        Loan(loanId).Installments.Add(new InstallmentRecord(seq, Days.Of(dueDate), principalCents, interestCents));

    /// <summary>Adds a payment to a loan already added.</summary>
    public void AddRepayment(string loanId, long paidAt, long amountCents)
    {
        Loan(loanId).Repayments.Add(new RepaymentRecord(paidAt, amountCents));
        Touch(paidAt);
    }

    /// <summary>Sorts, indexes and allocates repayments; the builder should not be used afterwards.</summary>
    public MerchantHistory Build()
    {
        // Merchants in ordinal id order, whatever order the source delivered them in.
        var order = Enumerable.Range(0, merchantIds.Count).ToArray();
        Array.Sort(order, (a, b) => string.CompareOrdinal(merchantIds[a], merchantIds[b]));
        var newIndex = new int[order.Length];
        for (var i = 0; i < order.Length; i++)
        {
            newIndex[order[i]] = i;
        }

        if (!grouped)
        {
            GroupByMerchant();
        }

        var ids = order.Select(i => merchantIds[i]).ToArray();
        var registered = order.Select(i => registeredAt[i]).ToArray();
        var starts = order.Select(i => orderStart[i]).ToArray();
        var counts = order.Select(i => orderCount[i]).ToArray();
        var buyerCounts = new int[ids.Length];
        var local = new int[buyers.Count];
        var stamp = new int[buyers.Count];
        for (var m = 0; m < ids.Length; m++)
        {
            var span = orders.AsSpan(starts[m], counts[m]);
            if (!IsSortedByCreation(span))
            {
                span.Sort(static (a, b) => a.CreatedAt.CompareTo(b.CreatedAt));
            }

            // Dense buyer numbers per merchant, so the engine can aggregate per buyer in flat arrays.
            var n = 0;
            foreach (ref var o in span)
            {
                var b = o.Buyer;
                if (stamp[b] != m + 1)
                {
                    stamp[b] = m + 1;
                    local[b] = n++;
                }

                o = o with { Buyer = local[b] };
            }

            buyerCounts[m] = n;
        }

        var (loanIds, loanRecords, loanStart, loanCount, installments, coveredAt, repayments, principalPart) = BuildLoans(newIndex, ids.Length);
        return new MerchantHistory(ids, registered, starts, counts, buyerCounts, orders, orderTotal, loanIds, loanRecords, loanStart, loanCount, installments, coveredAt, repayments, principalPart, latest);
    }

    private (string[], LoanRecord[], int[], int[], InstallmentRecord[], long[], RepaymentRecord[], long[]) BuildLoans(int[] newIndex, int merchantCount)
    {
        var sorted = loans
            .Select(l => l with { Merchant = newIndex[l.Merchant] })
            .OrderBy(l => l.Merchant)
            .ThenBy(l => l.DisbursedAt)
            .ThenBy(l => l.LoanId, StringComparer.Ordinal)
            .ToArray();
        var loanStart = new int[merchantCount];
        var loanCount = new int[merchantCount];
        var records = new LoanRecord[sorted.Length];
        var installments = new List<InstallmentRecord>();
        var repayments = new List<RepaymentRecord>();
        for (var i = 0; i < sorted.Length; i++)
        {
            var l = sorted[i];
            if (loanCount[l.Merchant]++ == 0)
            {
                loanStart[l.Merchant] = i;
            }

            l.Installments.Sort(static (a, b) => a.DueDay != b.DueDay ? a.DueDay.CompareTo(b.DueDay) : a.Seq.CompareTo(b.Seq));
            l.Repayments.Sort(static (a, b) => a.PaidAt != b.PaidAt ? a.PaidAt.CompareTo(b.PaidAt) : a.AmountCents.CompareTo(b.AmountCents));
            records[i] = new LoanRecord(l.Merchant, l.Product, l.PrincipalCents, l.DailyRateMicros, l.DisbursedAt, l.MaturityDay, installments.Count, l.Installments.Count, repayments.Count, l.Repayments.Count);
            installments.AddRange(l.Installments);
            repayments.AddRange(l.Repayments);
        }

        var installmentArray = installments.ToArray();
        var repaymentArray = repayments.ToArray();
        var coveredAt = new long[installmentArray.Length];
        var principalPart = new long[repaymentArray.Length];
        foreach (var r in records)
        {
            RepaymentAllocation.Allocate(
                installmentArray.AsSpan(r.InstallmentStart, r.InstallmentCount),
                repaymentArray.AsSpan(r.RepaymentStart, r.RepaymentCount),
                coveredAt.AsSpan(r.InstallmentStart, r.InstallmentCount),
                principalPart.AsSpan(r.RepaymentStart, r.RepaymentCount));
        }

        return (sorted.Select(l => l.LoanId).ToArray(), records, loanStart, loanCount, installmentArray, coveredAt, repaymentArray, principalPart);
    }

    /// <summary>Counting sort of the orders by merchant, stable, when they did not come grouped.</summary>
    private void GroupByMerchant()
    {
        var next = new int[merchantIds.Count];
        for (int m = 0, start = 0; m < next.Length; m++)
        {
            orderStart[m] = start;
            next[m] = start;
            start += orderCount[m];
        }

        var byMerchant = new OrderEvent[orderTotal];
        for (var i = 0; i < orderTotal; i++)
        {
            byMerchant[next[orderMerchant[i]]++] = orders[i];
        }

        orders = byMerchant;
    }

    private static bool IsSortedByCreation(ReadOnlySpan<OrderEvent> span)
    {
        for (var i = 1; i < span.Length; i++)
        {
            if (span[i].CreatedAt < span[i - 1].CreatedAt)
            {
                return false;
            }
        }

        return true;
    }

    private int Merchant(string merchantId) => Merchant(merchantId.AsSpan());

    private int Merchant(ReadOnlySpan<char> merchantId) => merchantIndex.GetAlternateLookup<ReadOnlySpan<char>>().TryGetValue(merchantId, out var m)
        ? m
        : throw new InvalidOperationException($"Unknown merchant '{merchantId}'.");

    private PendingLoan Loan(string loanId) => loanIndex.TryGetValue(loanId, out var l)
        ? loans[l]
        : throw new InvalidOperationException($"Unknown loan '{loanId}'.");

    private void Touch(long? instant)
    {
        if (instant is { } t && t > latest)
        {
            latest = t;
        }
    }

    private sealed record PendingLoan(string LoanId, int Merchant, LoanProduct Product, long PrincipalCents, long DailyRateMicros, long DisbursedAt, int MaturityDay)
    {
        public List<InstallmentRecord> Installments { get; } = [];

        public List<RepaymentRecord> Repayments { get; } = [];
    }
}
