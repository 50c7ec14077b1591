using Microcredit.Underwriting.Dashboard.Charts;

namespace Microcredit.Underwriting.Dashboard.Models;

/// <summary>The models page's charts: score PSI and matured AUC/KS by monitored date, one line per model.</summary>
public static class ModelCharts
{
    public static ChartBlock Psi(ModelsReport report) => Lines(
        "psi-data", "Score PSI by monitored date", report, p => p.Metric == "psi" && p.Subject == "score", p => p.ModelId, "PSI");

    public static ChartBlock Matured(ModelsReport report) => Lines(
        "matured-data", "AUC and KS on matured loans by monitored date", report, p => p.Subject == "matured", p => $"{p.Metric.ToUpperInvariant()} {p.ModelId}", "");

    public static bool HasPsi(ModelsReport report) => report.Series.Any(p => p.Metric == "psi");

    public static bool HasMatured(ModelsReport report) => report.Series.Any(p => p.Subject == "matured" && p.Value is not null);

    private static ChartBlock Lines(string id, string title, ModelsReport report, Func<MonitoringPoint, bool> include, Func<MonitoringPoint, string> series, string yTitle)
    {
        var dates = report.SeriesDates;
        var points = report.Series.Where(include).ToList();
        var sets = points.Select(series).Distinct().Order(StringComparer.Ordinal).Select(name =>
        {
            var byDate = points.Where(p => series(p) == name).ToDictionary(p => p.AsOf, p => p.Value, StringComparer.Ordinal);
            return new ChartSeries(name, [.. dates.Select(d => byDate.TryGetValue(d, out var v) && v is { } x && double.IsFinite(x) ? Math.Round((decimal)x, 4) : (decimal?)null)]);
        });
        return new ChartBlock(id, title, new ChartSpec(ChartSpec.Line, dates, [.. sets], YTitle: yTitle));
    }
}
