namespace Microcredit.Scoring.Settlement;

/// <summary>
/// One merchant's profile and all its orders, indexed once so that the order features of any
/// order at any instant are a handful of binary searches: sorted timelines of the merchant's
/// created, closed (settled or refunded), refunded, disputed and shipped instants (with prefix
/// sums of amounts and shipping times), and the same per buyer. Immutable, so one instance may
/// be read from many threads.
/// </summary>
public sealed partial class MerchantOrders
{
    private readonly OrderRecord[] orders;
    private readonly Dictionary<string, int> indexById;
    private readonly int[] buyerOf;
    private readonly long[] created;
    private readonly long[] createdAmountPrefix;
    private readonly long[] closed;
    private readonly long[] refunded;
    private readonly long[] disputed;
    private readonly long[] shipped;
    private readonly long[] shipDurationPrefix;
    private readonly Grouped buyerCreated;
    private readonly Grouped buyerRefunded;
    private readonly Grouped buyerDisputed;

    private MerchantOrders(MerchantProfile merchant, OrderRecord[] sorted)
    {
        Merchant = merchant;
        orders = sorted;
        indexById = new Dictionary<string, int>(sorted.Length, StringComparer.Ordinal);
        buyerOf = new int[sorted.Length];
        var buyers = new Dictionary<string, int>(StringComparer.Ordinal);
        created = new long[sorted.Length];
        createdAmountPrefix = new long[sorted.Length + 1];
        for (var i = 0; i < sorted.Length; i++)
        {
            var o = sorted[i];
            if (!indexById.TryAdd(o.OrderId, i))
            {
                throw new ArgumentException($"Order {o.OrderId} appears twice.", nameof(sorted));
            }

            if (!buyers.TryGetValue(o.BuyerId, out var b))
            {
                b = buyers.Count;
                buyers.Add(o.BuyerId, b);
            }

            buyerOf[i] = b;
            created[i] = o.CreatedAt;
            createdAmountPrefix[i + 1] = checked(createdAmountPrefix[i] + o.AmountCents);
        }

        var settledOrRefunded = new long?[sorted.Length];
        var refunds = new long?[sorted.Length];
        var disputes = new long?[sorted.Length];
        var creations = new long?[sorted.Length];
        for (var i = 0; i < sorted.Length; i++)
        {
            settledOrRefunded[i] = sorted[i].SettledAt ?? sorted[i].RefundedAt;
            refunds[i] = sorted[i].RefundedAt;
            disputes[i] = sorted[i].DisputedAt;
            creations[i] = sorted[i].CreatedAt;
        }

        closed = Timeline.Sorted(settledOrRefunded);
        refunded = Timeline.Sorted(refunds);
        disputed = Timeline.Sorted(disputes);
        var shipCount = sorted.Count(o => o.ShippedAt is not null);
        shipped = new long[shipCount];
        var durations = new long[shipCount];
        var k = 0;
        foreach (var o in sorted)
        {
            if (o.ShippedAt is { } at)
            {
                shipped[k] = at;
                durations[k++] = at - o.CreatedAt;
            }
        }

        // Sorting durations along keeps each shipping's own duration; ties in time sum the same in any order.
        Array.Sort(shipped, durations);
        shipDurationPrefix = new long[shipCount + 1];
        for (var i = 0; i < shipCount; i++)
        {
            shipDurationPrefix[i + 1] = checked(shipDurationPrefix[i] + durations[i]);
        }

        buyerCreated = Grouped.Of(buyers.Count, buyerOf, creations);
        buyerRefunded = Grouped.Of(buyers.Count, buyerOf, refunds);
        buyerDisputed = Grouped.Of(buyers.Count, buyerOf, disputes);
    }

    /// <summary>The merchant.</summary>
    public MerchantProfile Merchant { get; }

    /// <summary>Number of orders.</summary>
    public int Count => orders.Length;

    /// <summary>Order <paramref name="index"/>; orders are sorted by created_at, then order_id (ordinal).</summary>
    public OrderRecord this[int index] => orders[index];

    /// <summary>
    /// Indexes a merchant's orders. The input order does not matter: orders are sorted by
    /// created_at, then order_id.
    /// </summary>
    /// <exception cref="ArgumentException">An order id appears twice.</exception>
    public static MerchantOrders Create(MerchantProfile merchant, IEnumerable<OrderRecord> orders)
    {
        ArgumentNullException.ThrowIfNull(merchant);
        ArgumentNullException.ThrowIfNull(orders);
        var given = orders.ToArray();
        // Sort by key arrays rather than comparing the records themselves (cheaper by several times),
        // then order runs of equal created_at by order id.
        var keys = new long[given.Length];
        var positions = new int[given.Length];
        for (var i = 0; i < given.Length; i++)
        {
            keys[i] = given[i].CreatedAt;
            positions[i] = i;
        }

        Array.Sort(keys, positions);
        for (var start = 0; start < keys.Length;)
        {
            var end = start + 1;
            while (end < keys.Length && keys[end] == keys[start])
            {
                end++;
            }

            if (end - start > 1)
            {
                Array.Sort(positions, start, end - start, Comparer<int>.Create((a, b) => string.CompareOrdinal(given[a].OrderId, given[b].OrderId)));
            }

            start = end;
        }

        var sorted = new OrderRecord[given.Length];
        for (var i = 0; i < sorted.Length; i++)
        {
            sorted[i] = given[positions[i]];
        }

        return new MerchantOrders(merchant, sorted);
    }

    /// <summary>The index of the order with that id, or −1 if the merchant has no such order.</summary>
    public int IndexOf(string orderId) => indexById.GetValueOrDefault(orderId, -1);

    /// <summary>Times (sorted) of each buyer's events, in one array with an offset per buyer.</summary>
    private sealed class Grouped
    {
        private readonly int[] start;
        private readonly long[] times;

        private Grouped(int[] start, long[] times)
        {
            this.start = start;
            this.times = times;
        }

        public ReadOnlySpan<long> Of(int buyer) => times.AsSpan(start[buyer], start[buyer + 1] - start[buyer]);

        /// <summary>Buckets the non-null values by buyer (a stable counting sort), then sorts each buyer's times.</summary>
        public static Grouped Of(int buyers, int[] buyerOf, long?[] list)
        {
            var start = new int[buyers + 1];
            for (var i = 0; i < list.Length; i++)
            {
                if (list[i] is not null)
                {
                    start[buyerOf[i] + 1]++;
                }
            }

            for (var b = 0; b < buyers; b++)
            {
                start[b + 1] += start[b];
            }

            var times = new long[start[buyers]];
            var next = start[..buyers];
            for (var i = 0; i < list.Length; i++)
            {
                if (list[i] is { } t)
                {
                    times[next[buyerOf[i]]++] = t;
                }
            }

            for (var b = 0; b < buyers; b++)
            {
                Array.Sort(times, start[b], start[b + 1] - start[b]);
            }

            return new Grouped(start, times);
        }
    }
}
