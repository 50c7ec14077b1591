using Microcredit.Scoring.Features.History;

namespace Microcredit.Scoring.Features.Engine;

internal sealed partial class MerchantCalculator
{
    private const int BucketDays = 30;
    private const int Buckets = 6;

    // Per-buyer scratch, indexed by the merchant-local buyer index. Stamps avoid clearing.
    private long[] buyerGmv = [];
    private int[] buyerOrders = [];
    private int[] buyerStamp = [];
    private int[] buyerStamp30 = [];
    private int[] buyerDayStamp = [];
    private int[] buyerDayOrders = [];
    private int[] touched = [];
    private int stamp;
    private int dayStamp;

    private void EnsureBuyers(int buyers)
    {
        if (buyerGmv.Length < buyers)
        {
            var size = Math.Max(buyers, buyerGmv.Length * 2);
            buyerGmv = new long[size];
            buyerOrders = new int[size];
            buyerStamp = new int[size];
            buyerStamp30 = new int[size];
            buyerDayStamp = new int[size];
            buyerDayOrders = new int[size];
            touched = new int[size];
            stamp = 0;
            dayStamp = 0;
        }
    }

    /// <summary>The families attributed by created_at, from one scan of the orders created in [D−455, D).</summary>
    private void ComputeCreatedWindows(ReadOnlySpan<OrderEvent> orders, int day, int registrationDay, Span<double> row)
    {
        var dayStart = Days.Start(day);
        var hi = LowerBound(orders, dayStart);
        var lo = LowerBound(orders[..hi], dayStart - (LookbackDays * Days.Ms));

        Span<long> gmv = stackalloc long[Windows.Length];
        Span<long> count = stackalloc long[Windows.Length];
        Span<long> active = stackalloc long[Windows.Length];
        Span<long> bucket = stackalloc long[Buckets];
        long gmvPrev90 = 0, gmvYearAgo = 0;
        long refundCount = 0, refundCents90 = 0, disputeCount = 0, disputeCents = 0;
        long buyers30 = 0, maxBuyerDay = 0;
        var touchedCount = 0;
        stamp++;
        var lastDay = int.MinValue;

        // Newest first: the age in whole days grows as we go.
        for (var i = hi - 1; i >= lo; i--)
        {
            ref readonly var o = ref orders[i];
            var createdDay = Days.Of(o.CreatedAt);
            var age = day - 1 - createdDay;
            var amount = o.AmountCents;
            if (createdDay != lastDay)
            {
                lastDay = createdDay;
                dayStamp++;
                for (var w = 0; w < Windows.Length; w++)
                {
                    if (age < Windows[w])
                    {
                        active[w]++;
                    }
                }
            }

            for (var w = 0; w < Windows.Length; w++)
            {
                if (age < Windows[w])
                {
                    gmv[w] += amount;
                    count[w]++;
                }
            }

            if (age >= 365)
            {
                gmvYearAgo += amount;
                continue;
            }

            if (age >= 180)
            {
                continue;
            }

            bucket[age / BucketDays] += amount;
            if (age >= 90)
            {
                gmvPrev90 += amount;
            }

            var b = o.Buyer;
            if (buyerStamp[b] != stamp)
            {
                buyerStamp[b] = stamp;
                buyerGmv[b] = 0;
                buyerOrders[b] = 0;
                touched[touchedCount++] = b;
            }

            buyerGmv[b] += amount;
            buyerOrders[b]++;
            if (age < 30 && buyerStamp30[b] != stamp)
            {
                buyerStamp30[b] = stamp;
                buyers30++;
            }

            if (age < 90)
            {
                if (o.RefundedAt < dayStart)
                {
                    refundCount++;
                    refundCents90 += o.RefundCents;
                }

                if (o.DisputedAt < dayStart)
                {
                    disputeCount++;
                    disputeCents += amount;
                }

                if (buyerDayStamp[b] != dayStamp)
                {
                    buyerDayStamp[b] = dayStamp;
                    buyerDayOrders[b] = 0;
                }

                maxBuyerDay = Math.Max(maxBuyerDay, ++buyerDayOrders[b]);
            }
        }

        for (var w = 0; w < Windows.Length; w++)
        {
            row[(int)FeatureId.Gmv30d + w] = gmv[w];
            row[(int)FeatureId.Orders30d + w] = count[w];
            row[(int)FeatureId.ActiveDays30d + w] = active[w];
            row[(int)FeatureId.Aov30d + w] = count[w] == 0
                ? double.NaN
                : (double)decimal.Round((decimal)gmv[w] / count[w], 0, MidpointRounding.AwayFromZero);
        }

        long gmv90 = gmv[1], gmv180 = gmv[2], orders90 = count[1], orders30 = count[0];
        row[(int)FeatureId.GmvGrowth90d] = gmvPrev90 == 0 ? double.NaN : ((double)gmv90 / gmvPrev90) - 1;
        row[(int)FeatureId.GmvYoy90d] = gmvYearAgo == 0 ? double.NaN : ((double)gmv90 / gmvYearAgo) - 1;
        row[(int)FeatureId.GmvMonthlyCv180d] = MonthlyCv(bucket, Math.Min(Buckets, (day - registrationDay) / BucketDays));
        row[(int)FeatureId.RefundRate90d] = orders90 == 0 ? double.NaN : (double)refundCount / orders90;
        row[(int)FeatureId.DisputeRate90d] = orders90 == 0 ? double.NaN : (double)disputeCount / orders90;
        row[(int)FeatureId.RefundAmountRate90d] = gmv90 == 0 ? double.NaN : (double)refundCents90 / gmv90;
        row[(int)FeatureId.DisputeAmountRate90d] = gmv90 == 0 ? double.NaN : (double)disputeCents / gmv90;
        row[(int)FeatureId.OrdersPerBuyer30d] = orders30 == 0 ? double.NaN : (double)orders30 / buyers30;
        row[(int)FeatureId.MaxBuyerDayOrders90d] = maxBuyerDay;
        BuyerConcentration(touchedCount, gmv180, row);
    }

    private void BuyerConcentration(int touchedCount, long gmv180, Span<double> row)
    {
        row[(int)FeatureId.Buyers180d] = touchedCount;
        if (touchedCount == 0)
        {
            return;
        }

        // Exact integer sums, so the result does not depend on the order buyers were met in.
        Span<long> top = stackalloc long[5];
        Int128 squares = 0;
        long repeat = 0;
        for (var t = 0; t < touchedCount; t++)
        {
            var b = touched[t];
            var g = buyerGmv[b];
            squares += (Int128)g * g;
            if (buyerOrders[b] >= 2)
            {
                repeat++;
            }

            for (var s = 0; s < top.Length; s++)
            {
                if (g > top[s])
                {
                    (g, top[s]) = (top[s], g);
                }
            }
        }

        long topSum = 0;
        foreach (var g in top)
        {
            topSum += g;
        }

        row[(int)FeatureId.RepeatBuyerRate180d] = (double)repeat / touchedCount;
        if (gmv180 > 0)
        {
            row[(int)FeatureId.Top5BuyerShare180d] = (double)topSum / gmv180;
            row[(int)FeatureId.BuyerHhi180d] = (double)squares / (double)((Int128)gmv180 * gmv180);
        }
    }

    private static double MonthlyCv(ReadOnlySpan<long> bucket, int eligible)
    {
        if (eligible < 2)
        {
            return double.NaN;
        }

        long total = 0;
        for (var k = 0; k < eligible; k++)
        {
            total += bucket[k];
        }

        if (total == 0)
        {
            return double.NaN;
        }

        var mean = (double)total / eligible;
        double squares = 0;
        for (var k = 0; k < eligible; k++)
        {
            var d = bucket[k] - mean;
            squares += d * d;
        }

        return Math.Sqrt(squares / eligible) / mean;
    }

    /// <summary>The first order created at or after <paramref name="instant"/>.</summary>
    private static int LowerBound(ReadOnlySpan<OrderEvent> orders, long instant)
    {
        int lo = 0, hi = orders.Length;
        while (lo < hi)
        {
            var mid = (lo + hi) >>> 1;
            if (orders[mid].CreatedAt < instant)
            {
                lo = mid + 1;
            }
            else
            {
                hi = mid;
            }
        }

        return lo;
    }
}
