using System.Globalization;
using System.Text;
using System.Xml;
using System.Xml.Linq;
using Microcredit.Scoring.Models.Scoring;

namespace Microcredit.Jobs.Models.Reports;

/// <summary>
/// Renders an <see cref="EvaluationReport"/> as one self-contained XHTML page: inline CSS, inline
/// SVG charts, no scripts, fonts or links. Every chart and table has an id and carries its numbers
/// in data attributes (round-trip precision), so a test or a script can read them back.
/// </summary>
internal static class ReportHtml
{
    private static readonly XNamespace H = "http://www.w3.org/1999/xhtml";

    private const string Style = """
        body { font-family: system-ui, sans-serif; margin: 24px; color: #1a202c; max-width: 1120px; }
        h1 { font-size: 22px; } h2 { font-size: 17px; margin-top: 28px; }
        table { border-collapse: collapse; margin: 8px 0; font-size: 13px; }
        th, td { border: 1px solid #cbd5e0; padding: 3px 8px; text-align: right; }
        th:first-child, td:first-child { text-align: left; }
        tr.alert td { background: #fed7d7; font-weight: bold; }
        .charts { display: flex; flex-wrap: wrap; gap: 16px; }
        svg.chart { border: 1px solid #e2e8f0; background: #fff; }
        .chart-title { font-size: 14px; font-weight: bold; }
        .axis, .tick { stroke: #4a5568; stroke-width: 1; }
        .grid { stroke: #edf2f7; stroke-width: 1; }
        .tick-label, .legend-label { font-size: 11px; fill: #4a5568; }
        .axis-label { font-size: 12px; fill: #2d3748; }
        .reference { stroke: #a0aec0; stroke-dasharray: 4 3; }
        .curve { stroke-width: 2; }
        .roc { stroke: #2b6cb0; }
        .bad { stroke: #c53030; fill: #c53030; }
        .good { stroke: #2b6cb0; fill: #2b6cb0; }
        rect.bad, rect.good { fill-opacity: 0.75; stroke: none; }
        .ks-point { stroke: #2f855a; stroke-width: 2; }
        .ks-label { font-size: 12px; fill: #2f855a; }
        circle.bin { fill: #805ad5; }
        .calibration { stroke: #805ad5; stroke-width: 1.5; }
        .rank-1 { fill: #c53030; } .rank-2 { fill: #dd6b20; } .rank-3 { fill: #d69e2e; } .rank-4 { fill: #a0aec0; }
        .note { color: #4a5568; font-size: 13px; }
        """;

    public static void Write(string path, EvaluationReport report)
    {
        var document = new XDocument(
            new XDocumentType("html", null, null, null),
            new XElement(
                H + "html",
                new XAttribute("lang", "en"),
                new XElement(
                    H + "head",
                    new XElement(H + "meta", new XAttribute("charset", "utf-8")),
                    new XElement(H + "title", $"Evaluation of {Path.GetFileName(report.Model)} on {Path.GetFileName(report.Data)}"),
                    new XElement(H + "style", Style)),
                new XElement(
                    H + "body",
                    new XElement(H + "h1", $"Evaluation of {Path.GetFileName(report.Model)}"),
                    new XElement(H + "p", new XAttribute("class", "note"), $"Model {report.Model} ({report.Family}) on {report.Data}, target '{report.Target}'. Rank figures use the score (lower is riskier); log loss, Brier and calibration use the pd."),
                    Summary(report),
                    new XElement(H + "h2", "Discrimination"),
                    new XElement(H + "div", new XAttribute("class", "charts"), Roc(report), Ks(report)),
                    new XElement(H + "h2", "Score distributions and calibration"),
                    new XElement(H + "div", new XAttribute("class", "charts"), Distributions(report), Calibration(report)),
                    CalibrationTableElement(report),
                    new XElement(H + "h2", "Population stability (training → evaluated)"),
                    PsiTable(report),
                    new XElement(H + "h2", "Adverse reason frequencies"),
                    Reasons(report))));
        var settings = new XmlWriterSettings { Encoding = new UTF8Encoding(false), Indent = true, OmitXmlDeclaration = true };
        using var writer = XmlWriter.Create(path, settings);
        document.Save(writer);
    }

    private static XElement Summary(EvaluationReport r)
    {
        (string Name, string Key, double Value, string Format)[] rows =
        [
            ("rows", "rows", r.Rows, "0"), ("defaults", "events", r.Events, "0"), ("default rate", "default-rate", r.DefaultRate, "0.0000"),
            ("mean pd", "mean-pd", r.MeanPd, "0.0000"), ("AUC", "auc", r.Auc, "0.0000"), ("Gini", "gini", r.Gini, "0.0000"),
            ("KS", "ks", r.Ks, "0.0000"), ("log loss", "log-loss", r.LogLoss, "0.0000"), ("Brier", "brier", r.Brier, "0.0000"),
        ];
        var table = new XElement(H + "table", new XAttribute("id", "summary"), new XElement(H + "tr", Th("metric"), Th("value")));
        foreach (var (name, key, value, format) in rows)
        {
            table.Add(new XElement(H + "tr", new XAttribute("data-metric", key), new XAttribute("data-value", SvgPlot.D(value)), Td(name), Td(F(value, format))));
        }

        return table;
    }

    private static XElement Roc(EvaluationReport r)
    {
        var plot = new SvgPlot("roc", "ROC curve", 0, 1, 0, 1).Axes("share of goods flagged (false-positive rate)", "share of bads flagged (true-positive rate)");
        plot.Root.SetAttributeValue("data-auc", SvgPlot.D(r.Roc.Auc));
        var curve = plot.Polyline("curve roc", r.Roc.Points.Select(p => (p.GoodRate, p.BadRate)));
        curve.SetAttributeValue("data-good-rate", SvgPlot.D(r.Roc.Points.Select(p => p.GoodRate)));
        curve.SetAttributeValue("data-bad-rate", SvgPlot.D(r.Roc.Points.Select(p => p.BadRate)));
        plot.Add(plot.DataLine(0, 0, 1, 1, "reference"), curve, plot.Label(0.55, 0.1, $"AUC = {F(r.Roc.Auc)}", "ks-label"));
        return plot.Root;
    }

    private static XElement Ks(EvaluationReport r)
    {
        var scored = r.KsCurve.Points.Where(p => p.Score is not null).ToList();
        double low = r.Distributions.Edges[0], high = r.Distributions.Edges[^1];
        var plot = new SvgPlot("ks", "KS curve", low, high, 0, 1).Axes("score (flag at or below)", "cumulative share", "0", "0.0");
        plot.Root.SetAttributeValue("data-ks", SvgPlot.D(r.KsCurve.Ks));
        plot.Root.SetAttributeValue("data-ks-score", SvgPlot.D(r.KsCurve.Score));
        plot.Root.SetAttributeValue("data-bad-rate", SvgPlot.D(r.KsCurve.BadRate));
        plot.Root.SetAttributeValue("data-good-rate", SvgPlot.D(r.KsCurve.GoodRate));
        foreach (var (cssClass, rate) in new[] { ("bad", (Func<CurvePoint, double>)(p => p.BadRate)), ("good", p => p.GoodRate) })
        {
            var line = plot.Polyline($"curve {cssClass}", scored.Select(p => (p.Score!.Value, rate(p))));
            line.SetAttributeValue("data-score", SvgPlot.D(scored.Select(p => p.Score!.Value)));
            line.SetAttributeValue("data-rate", SvgPlot.D(scored.Select(rate)));
            plot.Add(line);
        }

        plot.Add(
            plot.DataLine(r.KsCurve.Score, r.KsCurve.GoodRate, r.KsCurve.Score, r.KsCurve.BadRate, "ks-point"),
            plot.Label(r.KsCurve.Score, (r.KsCurve.BadRate + r.KsCurve.GoodRate) / 2, $" KS = {F(r.KsCurve.Ks)} at {F(r.KsCurve.Score, "0.##")}", "ks-label"),
            SvgPlot.Legend(0, "bads", "bad", bottom: true),
            SvgPlot.Legend(1, "goods", "good", bottom: true));
        return plot.Root;
    }

    private static XElement Distributions(EvaluationReport r)
    {
        var d = r.Distributions;
        double goods = d.Goods.Sum(), bads = d.Bads.Sum();
        var top = Enumerable.Range(0, d.Goods.Count).Max(k => Math.Max(d.Goods[k] / goods, d.Bads[k] / bads));
        var plot = new SvgPlot("distributions", "Score distributions of goods and bads", d.Edges[0], d.Edges[^1], 0, Math.Ceiling(top * 20) / 20)
            .Axes("score", "share of the class", "0", "0.00");
        plot.Root.SetAttributeValue("data-bins", d.Goods.Count);
        plot.Root.SetAttributeValue("data-edges", SvgPlot.D(d.Edges));
        for (var k = 0; k < d.Goods.Count; k++)
        {
            double lower = d.Edges[k], upper = d.Edges[k + 1], middle = (lower + upper) / 2;
            foreach (var (cssClass, count, total, from, to) in new[] { ("good", d.Goods[k], goods, lower, middle), ("bad", d.Bads[k], bads, middle, upper) })
            {
                var bar = plot.Bar(from, to, count / total, $"bar {cssClass}");
                bar.SetAttributeValue("data-lower", SvgPlot.D(lower));
                bar.SetAttributeValue("data-upper", SvgPlot.D(upper));
                bar.SetAttributeValue("data-count", count);
                bar.Add(new XElement(SvgPlot.Ns + "title", $"{cssClass}s in [{F(lower, "0.##")}, {F(upper, "0.##")}): {count}"));
                plot.Add(bar);
            }
        }

        plot.Add(SvgPlot.Legend(0, "goods", "good"), SvgPlot.Legend(1, "bads", "bad"));
        return plot.Root;
    }

    private static XElement Calibration(EvaluationReport r)
    {
        var top = Math.Max(r.Calibration.Max(c => c.MeanPd), r.Calibration.Max(c => c.EventRate));
        top = top <= 0 ? 1 : Math.Min(1, Math.Ceiling(top * 1.1 * 20) / 20);
        var plot = new SvgPlot("calibration", "Calibration: predicted vs observed default rate", 0, top, 0, top).Axes("mean pd of the bin", "observed default rate", "0.00", "0.00");
        plot.Root.SetAttributeValue("data-bins", r.Calibration.Count);
        plot.Add(plot.DataLine(0, 0, top, top, "reference"), plot.Polyline("calibration", r.Calibration.Select(c => (c.MeanPd, c.EventRate))));
        foreach (var c in r.Calibration)
        {
            var point = plot.Circle(c.MeanPd, c.EventRate, "bin");
            point.SetAttributeValue("data-group", c.Group);
            point.SetAttributeValue("data-count", c.Count);
            point.SetAttributeValue("data-mean-pd", SvgPlot.D(c.MeanPd));
            point.SetAttributeValue("data-event-rate", SvgPlot.D(c.EventRate));
            point.Add(new XElement(SvgPlot.Ns + "title", $"bin {c.Group}: {c.Count} rows, mean pd {F(c.MeanPd)}, observed {F(c.EventRate)}"));
            plot.Add(point);
        }

        return plot.Root;
    }

    private static XElement CalibrationTableElement(EvaluationReport r)
    {
        var table = new XElement(H + "table", new XAttribute("id", "calibration-table"), new XElement(H + "tr", Th("bin (by pd)"), Th("rows"), Th("mean pd"), Th("observed default rate")));
        foreach (var c in r.Calibration)
        {
            table.Add(new XElement(H + "tr", Td(c.Group.ToString(CultureInfo.InvariantCulture)), Td(c.Count.ToString(CultureInfo.InvariantCulture)), Td(F(c.MeanPd)), Td(F(c.EventRate))));
        }

        return table;
    }

    private static XElement PsiTable(EvaluationReport r)
    {
        var container = new XElement(H + "div", new XAttribute("id", "psi-section"));
        container.Add(new XElement(H + "p", new XAttribute("class", "note"), $"PSI = Σ (actual − expected)·ln(actual / expected) over bin shares (shares floored at 0.0001); above {F(EvaluationReport.PsiAlert, "0.00")} is flagged."));
        var table = new XElement(H + "table", new XAttribute("id", "psi"), new XElement(H + "tr", Th("input"), Th("kind"), Th("bins"), Th("PSI"), Th("flag")));
        foreach (var row in r.Psi)
        {
            table.Add(new XElement(
                H + "tr",
                new XAttribute("class", row.Flag ? "psi-row alert" : "psi-row"),
                new XAttribute("data-name", row.Name),
                new XAttribute("data-kind", row.Kind),
                new XAttribute("data-psi", row.Value is { } v ? SvgPlot.D(v) : ""),
                new XAttribute("data-flag", row.Flag ? "true" : "false"),
                Td(row.Name),
                Td(row.Kind),
                Td(row.Bins.Count.ToString(CultureInfo.InvariantCulture)),
                Td(row.Value is { } value ? F(value) : "no training distribution"),
                Td(row.Flag ? "PSI > 0.25" : "")));
        }

        container.Add(table);
        foreach (var row in r.Psi)
        {
            var bins = new XElement(H + "table", new XAttribute("class", "psi-bins"), new XAttribute("data-name", row.Name), new XElement(H + "tr", Th("bin"), Th("training rows"), Th("training share"), Th("evaluated rows"), Th("evaluated share")));
            foreach (var bin in row.Bins)
            {
                bins.Add(new XElement(
                    H + "tr",
                    new XAttribute("data-expected", bin.ExpectedCount),
                    new XAttribute("data-actual", bin.ActualCount),
                    Td(bin.Label),
                    Td(bin.ExpectedCount.ToString(CultureInfo.InvariantCulture)),
                    Td(F(bin.Expected)),
                    Td(bin.ActualCount.ToString(CultureInfo.InvariantCulture)),
                    Td(F(bin.Actual))));
            }

            container.Add(new XElement(H + "details", new XElement(H + "summary", $"{row.Name}: bins"), bins));
        }

        return container;
    }

    private static XElement Reasons(EvaluationReport r)
    {
        var container = new XElement(H + "div", new XAttribute("id", "reasons-section"));
        var table = new XElement(H + "table", new XAttribute("id", "reasons"), new XElement(H + "tr", Th("feature"), Th("1st"), Th("2nd"), Th("3rd"), Th("4th"), Th("any")));
        foreach (var reason in r.Reasons)
        {
            var tr = new XElement(H + "tr", new XAttribute("class", "reason"), new XAttribute("data-feature", reason.Feature), new XAttribute("data-total", reason.Total), Td(reason.Feature));
            for (var rank = 0; rank < ModelScorer.MaxReasons; rank++)
            {
                tr.SetAttributeValue($"data-rank{rank + 1}", reason.ByRank[rank]);
                tr.Add(Td(reason.ByRank[rank].ToString(CultureInfo.InvariantCulture)));
            }

            tr.Add(Td(reason.Total.ToString(CultureInfo.InvariantCulture)));
            table.Add(tr);
        }

        var shown = r.Reasons.Where(x => x.Total > 0).Take(12).ToList();
        var most = Math.Max(1, shown.Count == 0 ? 1 : shown.Max(x => x.Total));
        var plot = new SvgPlot("reason-chart", "Adverse reasons: rows per feature, by rank", 0, most, 0, Math.Max(shown.Count, 6) + 5, left: 170)
            .Axes("rows", "", "0", "0", yTicks: 0);
        for (var f = 0; f < shown.Count; f++)
        {
            // The most frequent first reason at the top; the top five units are left for the legend.
            double top = Math.Max(shown.Count, 6) - f, left = 0;
            plot.Add(plot.Label(0, top - 0.6, shown[f].Feature + " ", "tick-label", "end"));
            for (var rank = 0; rank < ModelScorer.MaxReasons; rank++)
            {
                var count = shown[f].ByRank[rank];
                if (count == 0)
                {
                    continue;
                }

                var bar = plot.Rect(left, left + count, top - 0.85, top - 0.15, $"bar rank-{rank + 1}");
                bar.SetAttributeValue("data-feature", shown[f].Feature);
                bar.SetAttributeValue("data-rank", rank + 1);
                bar.SetAttributeValue("data-count", count);
                bar.Add(new XElement(SvgPlot.Ns + "title", $"{shown[f].Feature}: reason {rank + 1} of {count} rows"));
                plot.Add(bar);
                left += count;
            }
        }

        for (var rank = 0; rank < ModelScorer.MaxReasons; rank++)
        {
            plot.Add(SvgPlot.Legend(rank, $"reason {rank + 1}", $"rank-{rank + 1}"));
        }

        container.Add(table, plot.Root);
        return container;
    }

    private static XElement Th(string text) => new(H + "th", text);

    private static XElement Td(string text) => new(H + "td", text);

    private static string F(double value, string format = "0.0000") => ModelCli.F(value, format);
}
