namespace Microcredit.Scoring.Loans;

/// <summary>
/// Replays a loan's payments over its schedule, in paid_at order (docs/loans.md, "Position"):
/// penalty interest accrues per installment between payments on its unpaid principal for each
/// day past its due date, each stretch rounded to the cent; a payment first brings the penalty
/// up to its day, then, if the rules close at payoff and it covers the payoff of its day, closes
/// the loan (interest not yet accrued is waived); otherwise it goes to the installments oldest
/// first, penalty, then interest, then principal of each.
/// </summary>
internal sealed class LoanLedger
{
    private readonly Slot[] slots;
    private readonly decimal rate;
    private readonly decimal penaltyRate;
    private readonly bool closesAtPayoff;
    private readonly DateOnly disbursed;
    private DateOnly accruedTo;

    public LoanLedger(LoanTerms terms, ServicingRules rules, IEnumerable<ScheduledInstallment> schedule)
    {
        ArgumentNullException.ThrowIfNull(terms);
        ArgumentNullException.ThrowIfNull(rules);
        rate = terms.DailyRate;
        penaltyRate = rules.PenaltyMultiplier * terms.DailyRate;
        closesAtPayoff = rules.ClosesAtPayoff;
        disbursed = LoanSchedule.DateOf(terms.DisbursedAt);
        accruedTo = disbursed;
        slots = [.. schedule.OrderBy(i => i.DueDate).ThenBy(i => i.Seq).Select(i => new Slot(i))];
    }

    public bool Closed { get; private set; }

    public Money.Money Overpaid { get; private set; }

    /// <summary>Applies the payments made before <paramref name="before"/> (or at it, with <paramref name="inclusive"/>), in paid_at order.</summary>
    public LoanLedger Apply(IEnumerable<LoanPayment> payments, DateTimeOffset before, bool inclusive = false)
    {
        foreach (var payment in payments.Where(p => p.PaidAt < before || (inclusive && p.PaidAt == before)).OrderBy(p => p.PaidAt))
        {
            Apply(payment);
        }

        return this;
    }

    public void Apply(LoanPayment payment)
    {
        var day = LoanSchedule.DateOf(payment.PaidAt);
        AccrueTo(day);
        var amount = payment.Amount;
        if (Closed)
        {
            Overpaid += amount;
            return;
        }

        if (closesAtPayoff)
        {
            var payoff = Payoff(day);
            if (amount >= payoff.Total)
            {
                Close(day);
                Overpaid += amount - payoff.Total;
                return;
            }
        }

        foreach (var slot in slots)
        {
            if (amount == Money.Money.Zero)
            {
                break;
            }

            amount = Take(amount, slot.PenaltyDue - slot.PenaltyPaid, ref slot.PenaltyPaid);
            amount = Take(amount, slot.InterestDue - slot.InterestPaid, ref slot.InterestPaid);
            amount = Take(amount, slot.PrincipalDue - slot.PrincipalPaid, ref slot.PrincipalPaid);
        }

        Overpaid += amount;
    }

    /// <summary>Accrues penalty interest up to <paramref name="day"/> (from its 00:00 UTC); a no-op for earlier days.</summary>
    public void AccrueTo(DateOnly day)
    {
        if (day <= accruedTo)
        {
            return;
        }

        if (!Closed && penaltyRate > 0m)
        {
            foreach (var slot in slots)
            {
                // Days overdue counted from the later of the due date and the last accrual.
                var from = Math.Max(slot.DueDate.DayNumber, accruedTo.DayNumber);
                var unpaid = slot.PrincipalDue - slot.PrincipalPaid;
                if (day.DayNumber > from && unpaid > Money.Money.Zero)
                {
                    slot.PenaltyDue += Money.Money.Round(penaltyRate * unpaid.Amount * (day.DayNumber - from));
                }
            }
        }

        accruedTo = day;
    }

    /// <summary>The payoff of <paramref name="day"/>, after <see cref="AccrueTo"/> that day.</summary>
    public PayoffQuote Payoff(DateOnly day)
    {
        AccrueTo(day);
        Money.Money principal = default, interest = default, penalty = default;
        if (!Closed)
        {
            for (var k = 0; k < slots.Length; k++)
            {
                var slot = slots[k];
                principal += slot.PrincipalDue - slot.PrincipalPaid;
                penalty += slot.PenaltyDue - slot.PenaltyPaid;
                interest += ChargedAtPayoff(k, day) - slot.InterestPaid;
            }
        }

        return new PayoffQuote(day, principal, interest, penalty);
    }

    /// <summary>The installments as they stand after the payments applied and accrual to <paramref name="asOf"/>.</summary>
    public LoanPosition Position(DateTimeOffset asOf)
    {
        var today = LoanSchedule.DateOf(asOf);
        AccrueTo(today);
        var installments = slots.Select(s => new InstallmentPosition(
            s.Seq, s.DueDate, s.PrincipalDue, s.InterestDue, s.PenaltyDue, s.PrincipalPaid, s.InterestPaid, s.PenaltyPaid, s.InterestWaived)).ToList();
        var oldestUnpaid = installments.FirstOrDefault(i => !i.IsPaid);
        var daysPastDue = oldestUnpaid is null ? 0 : Math.Max(0, today.DayNumber - oldestUnpaid.DueDate.DayNumber);
        var status = Closed || oldestUnpaid is null ? LoanStatus.Repaid : daysPastDue > 0 ? LoanStatus.Late : LoanStatus.Current;
        return new LoanPosition(asOf, status, daysPastDue, installments, Overpaid);
    }

    /// <summary>
    /// Interest installment k charges if the loan closes on <paramref name="day"/>: all of it once
    /// due; for the current period, r × the period's scheduled outstanding principal × days since
    /// the period began, rounded (at most the scheduled interest); nothing for later periods.
    /// Interest already paid is never given back.
    /// </summary>
    private Money.Money ChargedAtPayoff(int k, DateOnly day)
    {
        var slot = slots[k];
        if (slot.DueDate <= day)
        {
            return slot.InterestDue;
        }

        var start = k == 0 ? disbursed : slots[k - 1].DueDate;
        if (start > day)
        {
            return slot.InterestPaid;
        }

        var basis = Money.Money.Zero;
        for (var j = k; j < slots.Length; j++)
        {
            basis += slots[j].PrincipalDue;
        }

        var accrued = Money.Money.Round(rate * basis.Amount * (day.DayNumber - start.DayNumber));
        return Max(slot.InterestPaid, accrued < slot.InterestDue ? accrued : slot.InterestDue);
    }

    /// <summary>Pays off everything on <paramref name="day"/>: each installment is charged what the payoff charges, the rest of its interest waived.</summary>
    private void Close(DateOnly day)
    {
        for (var k = 0; k < slots.Length; k++)
        {
            var slot = slots[k];
            var charged = ChargedAtPayoff(k, day);
            slot.InterestWaived = slot.InterestDue - charged;
            slot.InterestDue = charged;
            slot.InterestPaid = charged;
            slot.PenaltyPaid = slot.PenaltyDue;
            slot.PrincipalPaid = slot.PrincipalDue;
        }

        Closed = true;
    }

    private static Money.Money Take(Money.Money amount, Money.Money left, ref Money.Money paid)
    {
        var take = amount < left ? amount : left;
        paid += take;
        return amount - take;
    }

    private static Money.Money Max(Money.Money a, Money.Money b) => a > b ? a : b;

    private sealed class Slot(ScheduledInstallment installment)
    {
        public int Seq { get; } = installment.Seq;

        public DateOnly DueDate { get; } = installment.DueDate;

        public Money.Money PrincipalDue { get; } = installment.Principal;

        public Money.Money InterestDue = installment.Interest;
        public Money.Money PenaltyDue;
        public Money.Money PrincipalPaid;
        public Money.Money InterestPaid;
        public Money.Money PenaltyPaid;
        public Money.Money InterestWaived;
    }
}
