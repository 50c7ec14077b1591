using Microcredit.Scoring.Money;
using static Microcredit.Scoring.Simulation.SimulationModel;

namespace Microcredit.Scoring.Simulation;

internal sealed partial class MerchantGenerator
{
    private const int LabelWindowDays = 180;
    private const int PastDueDays = 30;

    // Margin kept between simulated behaviour and the label's boundaries, so that the label does
    // not hinge on whether "30 days past due" or "within 180 days" is read with < or <=.
    private const int BoundaryMarginDays = 3;

    private readonly long[] dueDays = new long[12];
    private readonly long[] principalDue = new long[12];
    private readonly long[] interestDue = new long[12];
    private readonly int[] pledged = new int[OrderLoanMaxPledged];

    // Payments written for the current loan: (loan_id, paid_at, amount) identifies a repayment,
    // so an exact repeat (two pledged orders settling in the same second for the same share)
    // is moved one second later instead of collapsing into one on import.
    private readonly List<(long Paid, long Amount)> loanPayments = [];

    private void ConsiderLoans(long day)
    {
        if (!kyc || day >= blacklistDay)
        {
            return;
        }

        var age = day - regDay;
        var inflating = fraud && day >= fraudStartDay && day < bustDay;
        if (day > creditBusyUntilDay && age >= CreditMinAgeDays && sales90 >= CreditMinSales90Cents)
        {
            // e^(-0.4h) = 1 / e^(0.4h), already computed for the day's volume.
            var hazard = CreditTakeUp / volumeHealth * (inflating ? 6 : 1);
            if (rng.Bernoulli(hazard))
            {
                IssueCreditLoan(day);
            }
        }

        if (orderLoanUser && day > orderBusyUntilDay && day < blacklistDay && age >= 30 && rng.Bernoulli(OrderTakeUp * (inflating ? 3 : 1)))
        {
            IssueOrderLoan(day);
        }
    }

    /// <summary>
    /// A credit loan: equal principal over 3, 6 or 12 monthly installments plus interest accrued
    /// daily on the outstanding principal. Whether it defaults is drawn once, at disbursement,
    /// with probability p from the merchant's state then; p is the loan's true_pd.
    /// </summary>
    private void IssueCreditLoan(long day)
    {
        var disbursed = (day * Day) + rng.NextLong(9 * 3600, 18 * 3600);
        var u = rng.NextDouble();
        var n = u < 0.45 ? 3 : u < 0.80 ? 6 : 12;
        var monthlySales = Math.Max(1, sales90 / 3);
        var principal = (long)Math.Round(monthlySales * rng.Uniform(0.8, 2.5) / 10_000.0) * 10_000; // whole 100 CNY
        principal = Math.Clamp(principal, 50_000, 30_000_000);
        var young = day - regDay < 365;
        var rateMicros = 300 + (young ? 150 : 0) + (n == 12 ? 100 : 0) + rng.NextLong(0, 100);

        var logit = CreditLogit + category.RiskEffect + region.RiskEffect + (CreditHealthSlope * health)
            + (young ? CreditYoungEffect : 0) + (n == 12 ? CreditTerm12Effect : n == 3 ? CreditTerm3Effect : 0)
            + (CreditLeverageSlope * Math.Log(principal / (double)monthlySales))
            + (fraud && day >= fraudStartDay ? CreditFraudEffect : 0);
        var p = Sigmoid(logit);
        var defaults = rng.Bernoulli(p);

        // Schedule: due dates are calendar months after the disbursement date.
        var date = ToDate(day);
        var perInstallment = principal / n;
        var outstanding = principal;
        var previous = day;
        for (var k = 0; k < n; k++)
        {
            dueDays[k] = FromDate(date.AddMonths(k + 1));
            principalDue[k] = k == n - 1 ? principal - (perInstallment * (n - 1)) : perInstallment;
            var interest = Money.Money.Round(outstanding / 100m * (rateMicros / 1_000_000m) * (dueDays[k] - previous));
            interestDue[k] = interest.ToMinor();
            outstanding -= principalDue[k];
            previous = dueDays[k];
        }

        var loanSeqNo = ++loanSeq;
        loanPayments.Clear();
        WriteLoan(loanSeqNo, "credit"u8, principal, rateMicros, disbursed, dueDays[n - 1], p);
        for (var k = 0; k < n; k++)
        {
            WriteInstallment(loanSeqNo, k + 1, dueDays[k], principalDue[k], interestDue[k]);
        }

        // Behaviour. A defaulter stops at an installment whose 30 days past due fall inside the
        // 180-day window; a payer pays every installment at most 24 days late.
        var stop = n;
        if (defaults)
        {
            var last = 0;
            while (last < n && dueDays[last] + PastDueDays + BoundaryMarginDays <= day + LabelWindowDays)
            {
                last++;
            }

            stop = rng.NextInt(last);
        }
        else if (n == 12 && rng.Bernoulli(LateDefaultShare * p))
        {
            // Stops only after the window: realistic tail, not part of the label.
            var first = 0;
            while (dueDays[first] <= day + LabelWindowDays - PastDueDays + BoundaryMarginDays + 2)
            {
                first++;
            }

            stop = first + rng.NextInt(n - first);
        }

        for (var k = 0; k < stop; k++)
        {
            PayInstallment(loanSeqNo, disbursed, dueDays[k], principalDue[k] + interestDue[k], defaults ? 14 : 24);
        }

        if (stop < n)
        {
            var remaining = 0L;
            for (var k = stop; k < n; k++)
            {
                remaining += principalDue[k] + interestDue[k];
            }

            var dueSec = dueDays[stop] * Day;
            if (rng.Bernoulli(0.4))
            {
                var partial = Math.Max(1, (long)((principalDue[stop] + interestDue[stop]) * rng.Uniform(0.1, 0.6)));
                WriteRepayment(loanSeqNo, Math.Max(disbursed + 3600, dueSec + rng.NextLong(0, 10 * Day)), partial);
                remaining -= partial;
            }

            if (rng.Bernoulli(CureShare))
            {
                WriteRepayment(loanSeqNo, dueSec + rng.NextLong(45 * Day, 150 * Day), remaining);
            }

            blacklistDay = Math.Min(blacklistDay, dueDays[stop]);
            distressDay = Math.Min(distressDay, dueDays[stop]);
        }

        creditBusyUntilDay = dueDays[n - 1];
    }

    private void PayInstallment(int loanSeqNo, long disbursed, long dueDay, long amount, int maxLateDays)
    {
        var u = rng.NextDouble();
        var delayDays = u < 0.80 ? rng.NextLong(-5, 0) : u < 0.97 ? rng.NextLong(1, 14) : rng.NextLong(Math.Min(15, maxLateDays), maxLateDays);
        var paid = Math.Max(disbursed + 3600, ((dueDay + delayDays) * Day) + rng.NextLong(8 * 3600, 22 * 3600));
        if (amount > 1 && rng.Bernoulli(0.1))
        {
            var first = Math.Max(1, (long)(amount * rng.Uniform(0.3, 0.7)));
            WriteRepayment(loanSeqNo, Math.Max(disbursed + 3600, paid - rng.NextLong(Day, 5 * Day)), first);
            amount -= first;
        }

        WriteRepayment(loanSeqNo, paid, amount);
    }

    /// <summary>
    /// An order loan: 80% of the shipped, unsettled orders it pledges, due in 30 days as one
    /// installment. Each pledged order repays its pro-rata share when it settles; if any pledged
    /// order is refunded instead, the merchant must cover the shortfall, and fails to with
    /// probability q. true_pd = q · (1 − Π(1 − r_i)) over the pledged orders' refund probabilities.
    /// </summary>
    private void IssueOrderLoan(long day)
    {
        var disbursed = (day * Day) + rng.NextLong(9 * 3600, 18 * 3600);
        var count = 0;
        long pledgedSum = 0;
        for (var i = 0; i < recentCount && count < OrderLoanMaxPledged; i++)
        {
            var slot = (recentStart + i) % recent.Length;
            ref var order = ref recent[slot];
            if (!order.Pledged && order.Shipped <= disbursed && order.End > disbursed)
            {
                pledged[count++] = slot;
                pledgedSum += order.Amount;
            }
        }

        if (pledgedSum < OrderLoanMinPledgedCents)
        {
            return;
        }

        var principal = (long)(pledgedSum * OrderAdvance);
        var interest = Money.Money.Round(principal / 100m * (OrderRateMicros / 1_000_000m) * OrderLoanTermDays).ToMinor();
        var due = principal + interest;
        var maturityDay = day + OrderLoanTermDays;
        var survive = 1.0;
        var anyRefund = false;
        long lastEnd = 0;
        var lastSlot = -1;
        for (var i = 0; i < count; i++)
        {
            ref var order = ref recent[pledged[i]];
            order.Pledged = true;
            survive *= 1 - order.RefundProbability;
            anyRefund |= order.Refunded;
            if (order.End > lastEnd)
            {
                lastEnd = order.End;
                lastSlot = pledged[i];
            }
        }

        var q = Sigmoid(OrderUncoveredLogit + category.RiskEffect + region.RiskEffect + (OrderUncoveredHealthSlope * health)
            + (fraud && day >= fraudStartDay ? OrderUncoveredFraudEffect : 0));
        var uncovered = rng.Bernoulli(q);
        var loanSeqNo = ++loanSeq;
        loanPayments.Clear();
        WriteLoan(loanSeqNo, "order"u8, principal, OrderRateMicros, disbursed, maturityDay, q * (1 - survive));
        WriteInstallment(loanSeqNo, 1, maturityDay, principal, interest);
        var pledges = output[SimulationFile.LoanOrders];
        long paid = 0;
        for (var i = 0; i < count; i++)
        {
            ref var order = ref recent[pledged[i]];
            AppendLoanId(pledges, loanSeqNo);
            pledges.Comma();
            AppendOrderId(pledges, order.Seq);
            pledges.EndRow();
            output.LoanOrders++;
            if (!order.Refunded && (anyRefund || pledged[i] != lastSlot))
            {
                // Floor: shares of a strict subset never reach the total, so a refund always leaves a shortfall.
                var share = (long)((decimal)due * order.Amount / pledgedSum);
                WriteRepayment(loanSeqNo, order.End, share);
                paid += share;
            }
        }

        if (!anyRefund)
        {
            WriteRepayment(loanSeqNo, recent[lastSlot].End, due - paid);
        }
        else
        {
            var maturitySec = maturityDay * Day;
            if (!uncovered)
            {
                WriteRepayment(loanSeqNo, Math.Max(lastEnd + 3600, maturitySec + rng.NextLong(-5 * Day, 20 * Day)), due - paid);
            }
            else
            {
                if (rng.Bernoulli(0.3))
                {
                    WriteRepayment(loanSeqNo, maturitySec + rng.NextLong(45 * Day, 120 * Day), due - paid);
                }

                blacklistDay = Math.Min(blacklistDay, maturityDay);
            }
        }

        orderBusyUntilDay = maturityDay;
    }

    private void WriteLoan(int seq, ReadOnlySpan<byte> product, long principal, long rateMicros, long disbursed, long maturityDay, double truePd)
    {
        var b = output[SimulationFile.Loans];
        AppendLoanId(b, seq);
        b.Comma();
        AppendMerchantId(b);
        b.Comma();
        b.Append(product);
        b.Comma();
        b.AppendCents(principal);
        b.Comma();
        b.AppendMicros(rateMicros);
        b.Comma();
        b.AppendTimestamp(disbursed);
        b.Comma();
        b.AppendDate(maturityDay);
        b.EndRow();
        output.Loans++;

        var t = output[SimulationFile.Truth];
        AppendLoanId(t, seq);
        t.Comma();
        t.AppendFixed6(truePd);
        t.EndRow();
    }

    private void WriteInstallment(int loanSeqNo, int seq, long dueDay, long principal, long interest)
    {
        var b = output[SimulationFile.Installments];
        AppendLoanId(b, loanSeqNo);
        b.Comma();
        b.AppendInt(seq);
        b.Comma();
        b.AppendDate(dueDay);
        b.Comma();
        b.AppendCents(principal);
        b.Comma();
        b.AppendCents(interest);
        b.EndRow();
        output.Installments++;
    }

    /// <summary>A payment, if it happened before the export cutoff.</summary>
    private void WriteRepayment(int loanSeqNo, long paidSec, long amount)
    {
        while (loanPayments.Contains((paidSec, amount)))
        {
            paidSec++;
        }

        if (paidSec >= cutoffSec || amount <= 0)
        {
            return;
        }

        loanPayments.Add((paidSec, amount));

        var b = output[SimulationFile.Repayments];
        AppendLoanId(b, loanSeqNo);
        b.Comma();
        b.AppendTimestamp(paidSec);
        b.Comma();
        b.AppendCents(amount);
        b.EndRow();
        output.Repayments++;
    }
}
