using Microcredit.Scoring.Features.History;

namespace Microcredit.Scoring.Features.Engine;

/// <summary>
/// Computes one merchant's feature rows for a sorted set of as-of days. Events attributed by a
/// later timestamp than created_at (refunds, settlements, the pending state) are swept once over
/// all the merchant's orders into difference arrays over the as-of days; created_at-windowed
/// families scan only the orders created in the 455 days before each day (binary search).
/// Holds reusable buffers: one instance per thread.
/// </summary>
internal sealed partial class MerchantCalculator
{
    /// <summary>Longest look-back of a created_at family (GMV_YOY_90D: [D−455, D−365)).</summary>
    public const int LookbackDays = 455;

    private const int RefundPrevDays = 120;

    private static readonly int[] Windows = [.. FeatureCatalog.Windows];

    private long[] pendingValue = [];
    private long[] pendingCount = [];
    private long[][] refundCents = [[], [], [], []];
    private long[] refunds30 = [];
    private long[] refundsPrev = [];
    private List<double>[] delays = [];

    /// <summary>
    /// Writes the rows of merchant <paramref name="merchant"/> for <paramref name="asOfDays"/>
    /// (ascending, distinct, all after the registration day's start) into
    /// <paramref name="output"/>, <see cref="FeatureCatalog.Count"/> values per day.
    /// </summary>
    public void Compute(MerchantHistory history, int merchant, ReadOnlySpan<int> asOfDays, Span<double> output)
    {
        var width = FeatureCatalog.Count;
        var slots = new DateSlots(asOfDays);
        Reset(slots.Count, history.BuyerCounts[merchant]);
        var orders = history.OrdersOf(merchant);
        SweepLaterEvents(orders, slots);

        long pendValue = 0, pendCount = 0, r30 = 0, rPrev = 0;
        Span<long> refunded = stackalloc long[Windows.Length];
        for (var j = 0; j < slots.Count; j++)
        {
            pendValue += pendingValue[j];
            pendCount += pendingCount[j];
            r30 += refunds30[j];
            rPrev += refundsPrev[j];
            for (var w = 0; w < Windows.Length; w++)
            {
                refunded[w] += refundCents[w][j];
            }

            var row = output.Slice(j * width, width);
            row.Fill(double.NaN);
            var day = slots[j];
            row[(int)FeatureId.TenureDays] = (Days.Start(day) - history.RegisteredAt[merchant]) / Days.Ms;
            ComputeCreatedWindows(orders, day, Days.Of(history.RegisteredAt[merchant]), row);
            for (var w = 0; w < Windows.Length; w++)
            {
                row[(int)FeatureId.NetGmv30d + w] = row[(int)FeatureId.Gmv30d + w] - refunded[w];
            }

            row[(int)FeatureId.RefundSurge30d] = (r30 + 1) / ((rPrev / 3.0) + 1);
            row[(int)FeatureId.PendingOrderValue] = pendValue;
            row[(int)FeatureId.PendingOrders] = pendCount;
            var settle = delays[j];
            settle.Sort();
            row[(int)FeatureId.SettleDelayMedian90d] = Percentile.OfSorted(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(settle), 0.5);
            row[(int)FeatureId.SettleDelayP90Of90d] = Percentile.OfSorted(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(settle), 0.9);
            ComputeLoans(history, merchant, day, row);
        }
    }

    /// <summary>One pass over the orders for the families attributed by refunded_at, settled_at and the pending state.</summary>
    private void SweepLaterEvents(ReadOnlySpan<OrderEvent> orders, DateSlots slots)
    {
        var lastStart = Days.Start(slots[slots.Count - 1]);
        foreach (ref readonly var o in orders)
        {
            // Sorted by created_at, and every other timestamp is at or after created_at.
            if (o.CreatedAt >= lastStart)
            {
                break;
            }

            if (o.ShippedAt != Days.Never)
            {
                // Pending on the as-of days D with shipped day < D ≤ day the order ended (settled or refunded).
                var end = Math.Min(o.SettledAt, o.RefundedAt);
                var from = slots.FirstAfter(Days.Of(o.ShippedAt));
                var to = end == Days.Never ? slots.Count : slots.FirstAfter(Days.Of(end));
                if (to > from)
                {
                    Add(pendingValue, from, to, o.AmountCents);
                    Add(pendingCount, from, to, 1);
                }
            }

            if (o.RefundedAt != Days.Never)
            {
                long day = Days.Of(o.RefundedAt);
                var from = slots.FirstAfter(day);
                for (var w = 0; w < Windows.Length; w++)
                {
                    Add(refundCents[w], from, slots.FirstAfter(day + Windows[w]), o.RefundCents);
                }

                var after30 = slots.FirstAfter(day + 30);
                Add(refunds30, from, after30, 1);
                Add(refundsPrev, after30, slots.FirstAfter(day + RefundPrevDays), 1);
            }

            if (o.SettledAt != Days.Never)
            {
                long day = Days.Of(o.SettledAt);
                var delay = (o.SettledAt - o.CreatedAt) / (double)Days.Ms;
                for (int j = slots.FirstAfter(day), end = slots.FirstAfter(day + 90); j < end; j++)
                {
                    delays[j].Add(delay);
                }
            }
        }
    }

    private static void Add(long[] diff, int from, int to, long value)
    {
        if (to > from)
        {
            diff[from] += value;
            diff[to] -= value;
        }
    }

    private void Reset(int slotCount, int buyers)
    {
        if (pendingValue.Length < slotCount + 1)
        {
            var size = Math.Max(slotCount + 1, pendingValue.Length * 2);
            pendingValue = new long[size];
            pendingCount = new long[size];
            refundCents = [.. Windows.Select(_ => new long[size])];
            refunds30 = new long[size];
            refundsPrev = new long[size];
            delays = [.. Enumerable.Range(0, size).Select(_ => new List<double>())];
        }

        var n = slotCount + 1;
        pendingValue.AsSpan(0, n).Clear();
        pendingCount.AsSpan(0, n).Clear();
        foreach (var r in refundCents)
        {
            r.AsSpan(0, n).Clear();
        }

        refunds30.AsSpan(0, n).Clear();
        refundsPrev.AsSpan(0, n).Clear();
        for (var j = 0; j < n; j++)
        {
            delays[j].Clear();
        }

        EnsureBuyers(buyers);
    }
}
