using static Microcredit.Scoring.Simulation.SimulationModel;

namespace Microcredit.Scoring.Simulation;

internal sealed partial class MerchantGenerator
{
    /// <summary>A recent shipped order, kept ~30 days so order loans can pledge it while unsettled.</summary>
    private struct RecentOrder
    {
        public long Seq;
        public long Shipped;
        public long End;       // settled_at or refunded_at (whichever the order gets)
        public long Amount;    // cents
        public double RefundProbability;
        public bool Refunded;
        public bool Pledged;
        public long Created;
    }

    private RecentOrder[] recent = new RecentOrder[256];
    private int recentStart;
    private int recentCount;
    private double cancelProbability;
    private double refundProbability;
    private double disputeProbability;
    private double shipMeanHours;

    private void SimulateOrders(long day)
    {
        var daySec = day * Day;
        var age = day - regDay;
        var ramp = Math.Min(1.0, (age + 7) / RampDays);
        var organic = size * volumeHealth * seasonality[day - startDay] * ramp;
        var inflating = fraud && day >= fraudStartDay && day < bustDay;
        var fake = inflating ? Math.Max(1.0, FraudFakeMultiple * organic) : 0;
        var total = rng.Poisson(organic + fake);

        // Forget orders that can no longer be pledged (every shipped order ends within 22 days).
        while (recentCount > 0 && recent[recentStart].Created < daySec - (30 * Day))
        {
            recentStart = (recentStart + 1) % recent.Length;
            recentCount--;
        }

        var slot = (int)(day % 90);
        sales90 -= daySales[slot];
        daySales[slot] = 0;
        if (total == 0)
        {
            return;
        }

        if (times.Length < total)
        {
            times = new int[Math.Max(total, times.Length * 2)];
        }

        for (var i = 0; i < total; i++)
        {
            times[i] = rng.NextInt((int)Day);
        }

        Array.Sort(times, 0, total);
        var fakeShare = fake / (organic + fake);
        var surge = fraud && day >= bustDay - (long)FraudSurgeLeadDays;

        // Health moves daily, so the day's order probabilities are computed once.
        cancelProbability = Sigmoid(CancelLogit + (CancelHealthSlope * health));
        refundProbability = Sigmoid(category.RefundLogit + (RefundHealthSlope * health));
        disputeProbability = Sigmoid(DisputeLogit + (DisputeHealthSlope * health));
        shipMeanHours = ShipMeanHours * (1 + (0.6 * Math.Max(0, -health)));
        for (var i = 0; i < total; i++)
        {
            var isFake = fake > 0 && rng.Bernoulli(fakeShare);
            var amount = EmitOrder(daySec + times[i], isFake, surge);
            daySales[slot] += amount;
        }

        sales90 += daySales[slot];
    }

    /// <summary>Draws one order's whole life at creation and writes it, blanking what happens after the cutoff.</summary>
    private long EmitOrder(long created, bool isFake, bool surge)
    {
        var seq = ++orderSeq;
        var buyer = isFake ? colluders[rng.NextInt(colluderCount)] : NextBuyer();
        var amount = Math.Max(100, (long)Math.Round(Math.Exp(category.AmountMu + (category.AmountSigma * rng.NextNormal())) * 100));

        long shipped = -1, settled = -1, refunded = -1, refundAmount = 0, disputed = -1;
        var cancel = !isFake && rng.Bernoulli(cancelProbability);
        if (cancel)
        {
            refunded = created + rng.NextLong(1800, 2 * Day);
            refundAmount = amount;
        }
        else
        {
            var hours = Math.Min(ShipMaxHours, ShipMinHours + rng.Exponential(shipMeanHours));
            shipped = created + (long)(hours * 3600);
            var end = shipped + rng.NextLong((long)(SettleMinDays * Day), (long)(SettleMaxDays * Day));
            double r;
            if (isFake)
            {
                r = surge ? FraudSurgeRefund : FraudFakeRefund;
            }
            else
            {
                r = refundProbability;
                if (surge)
                {
                    r = Math.Max(r, 0.4);
                }
            }

            // The outcome at `end` is drawn independently of `end` itself, so "still open at time T"
            // says nothing about whether the order will be refunded: order-loan truth stays exact.
            var isRefund = rng.Bernoulli(r);
            if (isRefund)
            {
                refunded = end;
                refundAmount = rng.Bernoulli(FullRefundShare) ? amount : Math.Max(1, (long)(amount * rng.Uniform(0.1, 0.95)));
            }
            else
            {
                settled = end;
            }

            if (!isFake && rng.Bernoulli(disputeProbability))
            {
                disputed = created + rng.NextLong(0, end - created);
            }

            Remember(new RecentOrder
            {
                Seq = seq,
                Created = created,
                Shipped = shipped,
                End = end,
                Amount = amount,
                RefundProbability = r,
                Refunded = isRefund,
            });
        }

        WriteOrder(seq, buyer, amount, created, shipped, settled, refunded, refundAmount, disputed);
        return amount;
    }

    private long NextBuyer()
    {
        if (buyerCount > 0 && rng.Bernoulli(RepeatBuyerShare))
        {
            // Squaring the uniform favours the first buyers remembered: a few loyal buyers buy most.
            var u = rng.NextDouble();
            return buyers[(int)(buyerCount * u * u)];
        }

        var buyer = rng.NextLong(0, BuyerSpace - 1);
        if (buyerCount < BuyerPool)
        {
            buyers[buyerCount++] = buyer;
        }
        else
        {
            buyers[rng.NextInt(BuyerPool)] = buyer;
        }

        return buyer;
    }

    private void Remember(in RecentOrder order)
    {
        if (recentCount == recent.Length)
        {
            var grown = new RecentOrder[recent.Length * 2];
            for (var i = 0; i < recentCount; i++)
            {
                grown[i] = recent[(recentStart + i) % recent.Length];
            }

            recent = grown;
            recentStart = 0;
        }

        recent[(recentStart + recentCount) % recent.Length] = order;
        recentCount++;
    }

    private void WriteOrder(long seq, long buyer, long amount, long created, long shipped, long settled, long refunded, long refundAmount, long disputed)
    {
        var b = output[SimulationFile.Orders];
        AppendOrderId(b, seq);
        b.Comma();
        AppendMerchantId(b);
        b.Comma();
        b.Append((byte)'b');
        b.AppendPadded(buyer, 8);
        b.Comma();
        b.AppendCents(amount);
        b.Comma();
        b.AppendTimestamp(created);
        b.Comma();
        AppendKnown(b, shipped);
        b.Comma();
        AppendKnown(b, settled);
        b.Comma();
        AppendKnown(b, refunded);
        b.Comma();
        if (refunded >= 0 && refunded < cutoffSec)
        {
            b.AppendCents(refundAmount);
        }

        b.Comma();
        AppendKnown(b, disputed);
        b.EndRow();
        output.Orders++;
    }

    /// <summary>A timestamp if the event happened before the export cutoff; empty otherwise.</summary>
    private void AppendKnown(Utf8Buffer b, long sec)
    {
        if (sec >= 0 && sec < cutoffSec)
        {
            b.AppendTimestamp(sec);
        }
    }
}
