using Microcredit.Scoring.Loans;
using Microcredit.Scoring.Storage;
using Microcredit.Underwriting.Decisions;

namespace Microcredit.Underwriting.Dashboard.Portfolio;

/// <summary>One UTC day's automated decisions (the outcome the API gave, before any review).</summary>
public sealed record DecisionDay(DateOnly Day, long Approved, long Declined, long Referred)
{
    public long Total => Approved + Declined + Referred;
}

/// <summary>Loans and principal outstanding (cents) of a bucket or a product.</summary>
public sealed record BookFigures(string Name, long Loans, long Principal);

/// <summary>
/// A disbursement-month cohort: its loans, how many were ever 30+ days past due by the servicing
/// date, and the cumulative share at each month on book k = 0 … <see cref="PortfolioReport.VintageMonths"/>
/// (null where month k is not yet observed).
/// </summary>
public sealed record VintageCohort(string Month, long Loans, long Reached, IReadOnlyList<double?> Curve);

/// <summary>
/// What the portfolio page shows, for a product filter (all, credit, order): decisions per day up
/// to today, and the loan book as the servicing job left it on its latest date (docs/dashboard.md).
/// </summary>
public sealed record PortfolioReport(
    DateOnly Today,
    int Days,
    string Product,
    IReadOnlyList<DecisionDay> Decisions,
    DateOnly? BookDate,
    IReadOnlyList<BookFigures> Buckets,
    IReadOnlyList<BookFigures> Products,
    BookFigures WrittenOff,
    IReadOnlyList<BookHistoryPoint> BookHistory,
    IReadOnlyList<VintageCohort> Vintages,
    IReadOnlyList<FrozenLine> Frozen,
    long FrozenTotal)
{
    public const string AllProducts = "all";

    /// <summary>The product filter's values.</summary>
    public static IReadOnlyList<string> ProductFilters { get; } = [AllProducts, DecisionOutcomes.CreditProduct, DecisionOutcomes.OrderProduct];

    /// <summary>The windows the page offers, in days.</summary>
    public static IReadOnlyList<int> Windows { get; } = [30, 60, 90];

    /// <summary>Months on book the vintage curves run to.</summary>
    public const int VintageMonths = 12;

    /// <summary>Disbursement months the vintage table shows, ending with the servicing date's last full day.</summary>
    public const int VintageCohorts = 24;

    /// <summary>How far back the outstanding-principal history reaches, in days.</summary>
    public const int HistoryDays = 90;

    public long OpenLoans => Buckets.Sum(b => b.Loans);

    public long OpenPrincipal => Buckets.Sum(b => b.Principal);

    public static async Task<PortfolioReport> LoadAsync(Database database, DateOnly today, int days, string product, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(database);
        await using var connection = await database.OpenAsync(cancellationToken);
        var from = today.AddDays(1 - days);
        var decisions = await PortfolioQueries.DecisionsAsync(connection, from, today.AddDays(1), cancellationToken);
        var bookDate = await PortfolioQueries.BookDateAsync(connection, cancellationToken);
        IReadOnlyList<BookGroup> book = [];
        IReadOnlyList<BookHistoryPoint> history = [];
        IReadOnlyList<VintageGroup> vintageGroups = [];
        if (bookDate is { } date)
        {
            book = await PortfolioQueries.BookAsync(connection, date, cancellationToken);
            history = await PortfolioQueries.BookHistoryAsync(connection, date.AddDays(-HistoryDays), cancellationToken);
            vintageGroups = await PortfolioQueries.VintageGroupsAsync(connection, date, FirstCohort(date), cancellationToken);
        }

        var frozen = await PortfolioQueries.FrozenAsync(connection, bookDate, cancellationToken);
        var frozenTotal = await PortfolioQueries.FrozenCountAsync(connection, cancellationToken);
        bool Selected(string p) => product == AllProducts || p == product;
        var open = book.Where(g => Selected(g.Product) && g.Status is LoanStatusText.Current or LoanStatusText.Late).ToList();
        var writtenOff = book.Where(g => Selected(g.Product) && g.Status == LoanStatusText.WrittenOff).ToList();
        return new PortfolioReport(
            today,
            days,
            product,
            DecisionDays(decisions.Where(d => Selected(d.Product)), from, today),
            bookDate,
            [.. DelinquencyBucket.All.Select(b => Sum(b, open.Where(g => g.Bucket == b)))],
            [.. new[] { DecisionOutcomes.CreditProduct, DecisionOutcomes.OrderProduct }.Where(Selected).Select(p => Sum(p, open.Where(g => g.Product == p)))],
            Sum("written off", writtenOff),
            history,
            bookDate is { } d ? VintageCurves(vintageGroups.Where(g => Selected(g.Product)), d) : [],
            frozen,
            frozenTotal);
    }

    /// <summary>Every day of [from, to] with its counts; days without decisions count zero.</summary>
    public static IReadOnlyList<DecisionDay> DecisionDays(IEnumerable<DecisionCount> counts, DateOnly from, DateOnly to)
    {
        var byDay = counts.ToLookup(c => c.Day);
        var days = new List<DecisionDay>();
        for (var day = from; day <= to; day = day.AddDays(1))
        {
            var number = DbTime.StartOf(day) / 86_400_000;
            long Of(string outcome) => byDay[number].Where(c => c.Outcome == outcome).Sum(c => c.Count);
            days.Add(new DecisionDay(day, Of(DecisionOutcomes.Approved), Of(DecisionOutcomes.Declined), Of(DecisionOutcomes.Review)));
        }

        return days;
    }

    /// <summary>
    /// The vintage curves, in one pass over the groups: a loan disbursed in calendar month c (UTC)
    /// whose first 30+ DPD day falls in month e counts at month on book e − c; a cohort's curve at k
    /// is the share of its loans counted at some month ≤ k. Month k is shown when the servicing
    /// date's last full day (<paramref name="bookDate"/> − 1) is in month c + k or later.
    /// </summary>
    public static IReadOnlyList<VintageCohort> VintageCurves(IEnumerable<VintageGroup> groups, DateOnly bookDate)
    {
        var last = MonthIndex(bookDate.AddDays(-1));
        var first = last - VintageCohorts + 1;
        var totals = new long[VintageCohorts];
        var reached = new long[VintageCohorts, VintageMonths + 1];
        var ever = new long[VintageCohorts];
        foreach (var group in groups)
        {
            var cohort = MonthIndex(group.Cohort) - first;
            if (cohort is < 0 or >= VintageCohorts)
            {
                continue;
            }

            totals[cohort] += group.Loans;
            if (group.EventMonth is { } month)
            {
                ever[cohort] += group.Loans;
                var onBook = Math.Max(0, MonthIndex(month) - (first + cohort));
                if (onBook <= VintageMonths)
                {
                    reached[cohort, onBook] += group.Loans;
                }
            }
        }

        var cohorts = new List<VintageCohort>();
        for (var c = 0; c < VintageCohorts; c++)
        {
            if (totals[c] == 0)
            {
                continue;
            }

            var observed = last - (first + c);
            var curve = new double?[VintageMonths + 1];
            long cumulative = 0;
            for (var k = 0; k <= VintageMonths; k++)
            {
                cumulative += reached[c, k];
                curve[k] = k <= observed ? (double)cumulative / totals[c] : null;
            }

            var index = first + c;
            cohorts.Add(new VintageCohort($"{index / 12:D4}-{(index % 12) + 1:D2}", totals[c], ever[c], curve));
        }

        return cohorts;
    }

    /// <summary>The first day of the oldest cohort the page shows for a servicing date.</summary>
    public static DateOnly FirstCohort(DateOnly bookDate)
    {
        var index = MonthIndex(bookDate.AddDays(-1)) - VintageCohorts + 1;
        return new DateOnly(index / 12, (index % 12) + 1, 1);
    }

    private static int MonthIndex(DateOnly date) => (date.Year * 12) + date.Month - 1;

    /// <summary>The month index of "YYYY-MM".</summary>
    private static int MonthIndex(string month) =>
        (int.Parse(month.AsSpan(0, 4), System.Globalization.CultureInfo.InvariantCulture) * 12) + int.Parse(month.AsSpan(5, 2), System.Globalization.CultureInfo.InvariantCulture) - 1;

    private static BookFigures Sum(string name, IEnumerable<BookGroup> groups)
    {
        long loans = 0, principal = 0;
        foreach (var group in groups)
        {
            loans += group.Loans;
            principal += group.Principal;
        }

        return new BookFigures(name, loans, principal);
    }

    /// <summary>loan_servicing.status values (docs/jobs-monitoring.md).</summary>
    private static class LoanStatusText
    {
        public const string Current = "current";
        public const string Late = "late";
        public const string WrittenOff = "written_off";
    }
}
