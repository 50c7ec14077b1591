using Microcredit.Scoring.Money;
using Microcredit.Scoring.Storage;
using Microcredit.Underwriting.Dashboard.Charts;

namespace Microcredit.Underwriting.Dashboard.Portfolio;

/// <summary>The portfolio page's charts, from the same figures its tables print.</summary>
public static class PortfolioCharts
{
    public const string Approved = "#17803d";
    public const string Declined = "#b42318";
    public const string Referred = "#9a6700";

    public static ChartBlock Decisions(PortfolioReport report) => new(
        "decisions-data",
        "Decisions per day",
        new ChartSpec(
            ChartSpec.Bar,
            [.. report.Decisions.Select(d => DbTime.ToDb(d.Day))],
            [
                new ChartSeries("approved", [.. report.Decisions.Select(d => (decimal?)d.Approved)], Approved),
                new ChartSeries("declined", [.. report.Decisions.Select(d => (decimal?)d.Declined)], Declined),
                new ChartSeries("referred", [.. report.Decisions.Select(d => (decimal?)d.Referred)], Referred),
            ],
            Stacked: true,
            YTitle: "decisions"));

    public static ChartBlock Buckets(PortfolioReport report) => new(
        "buckets-data",
        "Principal outstanding by delinquency bucket",
        new ChartSpec(
            ChartSpec.Bar,
            [.. report.Buckets.Select(b => b.Name)],
            [new ChartSeries($"principal outstanding ({DisplayFormat.Currency})", [.. report.Buckets.Select(b => (decimal?)Units(b.Principal))])],
            YTitle: DisplayFormat.Currency));

    public static ChartBlock History(PortfolioReport report) => new(
        "history-data",
        "Principal outstanding by servicing date",
        new ChartSpec(
            ChartSpec.Line,
            [.. report.BookHistory.Select(h => h.AsOf)],
            [new ChartSeries($"open book, all products ({DisplayFormat.Currency})", [.. report.BookHistory.Select(h => (decimal?)Units(h.Principal))])],
            YTitle: DisplayFormat.Currency));

    /// <summary>The latest cohorts that have had time to go 30 days past due (three months on book observed), at most twelve.</summary>
    public static ChartBlock Vintages(PortfolioReport report)
    {
        var cohorts = report.Vintages.Where(c => c.Curve.Count > 3 && c.Curve[3] is not null).TakeLast(12).ToList();
        return new(
            "vintages-data",
            "Share of loans ever 30+ days past due by months on book",
            new ChartSpec(
                ChartSpec.Line,
                [.. Enumerable.Range(0, PortfolioReport.VintageMonths + 1).Select(k => k.ToString(System.Globalization.CultureInfo.InvariantCulture))],
                [.. cohorts.Select(c => new ChartSeries(c.Month, [.. c.Curve.Select(v => v is { } s ? Math.Round((decimal)s * 100, 2) : (decimal?)null)]))],
                YFormat: ChartSpec.Percent,
                XTitle: "months on book",
                YTitle: "30+ DPD"));
    }

    private static decimal Units(long cents) => Money.FromMinor(cents).Amount;
}
