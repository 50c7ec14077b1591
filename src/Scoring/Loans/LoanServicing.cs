namespace Microcredit.Scoring.Loans;

/// <summary>
/// Servicing arithmetic over a loan's schedule and payments, without a database: its position
/// as of an instant and its payoff on a date (docs/loans.md). Pure functions of their inputs.
/// </summary>
public static class LoanServicing
{
    /// <summary>The loan as of <paramref name="asOf"/>, counting the payments made strictly before it.</summary>
    public static LoanPosition PositionAsOf(LoanTerms terms, ServicingRules rules, IEnumerable<ScheduledInstallment> schedule, IEnumerable<LoanPayment> payments, DateTimeOffset asOf) =>
        new LoanLedger(terms, rules, schedule).Apply(payments, asOf).Position(asOf);

    /// <summary>
    /// What closes the loan on <paramref name="date"/>, counting every payment made up to the end
    /// of that date. A date before the disbursement date quotes the principal alone.
    /// </summary>
    public static PayoffQuote PayoffOn(LoanTerms terms, ServicingRules rules, IEnumerable<ScheduledInstallment> schedule, IEnumerable<LoanPayment> payments, DateOnly date) =>
        new LoanLedger(terms, rules, schedule).Apply(payments, StartOf(date.AddDays(1))).Payoff(date);

    /// <summary>
    /// What closes the loan at <paramref name="instant"/>, counting the payments made up to and
    /// including it: the most a new payment at that instant may be (it is stored at or after the
    /// payments already there, see <see cref="LoanRepayments.RecordAsync"/>).
    /// </summary>
    public static PayoffQuote PayoffAt(LoanTerms terms, ServicingRules rules, IEnumerable<ScheduledInstallment> schedule, IEnumerable<LoanPayment> payments, DateTimeOffset instant) =>
        new LoanLedger(terms, rules, schedule).Apply(payments, instant, inclusive: true).Payoff(LoanSchedule.DateOf(instant));

    private static DateTimeOffset StartOf(DateOnly date) => new(date.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
}
