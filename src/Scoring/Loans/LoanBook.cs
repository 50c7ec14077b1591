using System.Data.Common;
using Microcredit.Scoring.Features.History;

namespace Microcredit.Scoring.Loans;

/// <summary>
/// One loan of the book with everything servicing needs to place it at any instant up to the one
/// it was read as of: terms, schedule and the payments made before that instant.
/// </summary>
/// <param name="LoanId">The loan.</param>
/// <param name="MerchantId">The borrower.</param>
/// <param name="Origin"><see cref="LoanOrigin"/>: import or platform (decides the <see cref="Rules"/>).</param>
/// <param name="Terms">Product, principal, daily rate, disbursement instant.</param>
/// <param name="Schedule">Installments in due-date order.</param>
/// <param name="Payments">Payments before the instant the book was read as of, in paid_at order.</param>
public sealed record BookLoan(
    string LoanId,
    string MerchantId,
    string Origin,
    LoanTerms Terms,
    IReadOnlyList<ScheduledInstallment> Schedule,
    IReadOnlyList<LoanPayment> Payments)
{
    public LoanProduct Product => Terms.Product;

    public ServicingRules Rules => ServicingRules.ForOrigin(Origin);

    /// <summary>
    /// The position at <paramref name="instant"/> (payments strictly before it). Exact for any
    /// instant up to the one the book was read as of; later payments are not loaded.
    /// </summary>
    public LoanPosition PositionAt(DateTimeOffset instant) => LoanServicing.PositionAsOf(Terms, Rules, Schedule, Payments, instant);

    /// <summary>
    /// The first day D ≤ <paramref name="asOf"/> on which the loan was at least <paramref name="days"/>
    /// days past due as of D 00:00 UTC, or null if it never was. Days past due count from the oldest
    /// unpaid installment, so that day is the earliest due date d of an installment still unpaid at
    /// d + <paramref name="days"/>, plus <paramref name="days"/>; it depends on the loan's payments,
    /// not on when anyone looked.
    /// </summary>
    public DateOnly? FirstDayPastDue(int days, DateOnly asOf)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(days, 1);
        // Candidates in due order: a later installment cannot cross earlier than an earlier one.
        foreach (var due in Schedule.Select(i => i.DueDate).Distinct().Order())
        {
            var day = due.AddDays(days);
            if (day > asOf)
            {
                return null;
            }

            if (PositionAt(StartOf(day)).DaysPastDue >= days)
            {
                return day;
            }
        }

        return null;
    }

    /// <summary>Midnight UTC starting <paramref name="date"/>.</summary>
    public static DateTimeOffset StartOf(DateOnly date) => new(date.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
}

/// <summary>Reads the whole loan book, imported and platform loans alike, for the nightly servicing run.</summary>
public static class LoanBook
{
    /// <summary>Every loan disbursed before <paramref name="asOf"/>, with the payments made before it, ordered by loan id (ordinal).</summary>
    public static async Task<IReadOnlyList<BookLoan>> LoadAsync(DbConnection connection, DbTransaction? transaction, DateTimeOffset asOf, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(connection);
        var loans = await StoredLoan.LoadManyAsync(connection, transaction, null, asOf, cancellationToken);
        return [.. loans
            .OrderBy(l => l.LoanId, StringComparer.Ordinal)
            .Select(l => new BookLoan(l.LoanId, l.MerchantId, l.Origin, l.Terms, l.Schedule, l.Payments))];
    }
}
