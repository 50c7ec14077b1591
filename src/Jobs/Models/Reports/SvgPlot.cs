using System.Globalization;
using System.Xml.Linq;

namespace Microcredit.Jobs.Models.Reports;

/// <summary>
/// A chart drawn as inline SVG by our own code (the report carries no scripts or libraries): a
/// plot area mapping data coordinates to pixels, with axes, ticks and labels.
/// </summary>
internal sealed class SvgPlot
{
    public static readonly XNamespace Ns = "http://www.w3.org/2000/svg";

    private const double Width = 520, Height = 340, Right = 16, Top = 28, Bottom = 52;

    /// <summary>
    /// Presentation attributes per CSS class, set on the elements themselves so a chart renders the
    /// same when its SVG is viewed on its own (the page's stylesheet repeats them for the HTML).
    /// </summary>
    private static readonly Dictionary<string, (string Name, string Value)[]> Paint = new(StringComparer.Ordinal)
    {
        ["axis"] = [("stroke", "#4a5568")],
        ["tick"] = [("stroke", "#4a5568")],
        ["grid"] = [("stroke", "#edf2f7")],
        ["reference"] = [("stroke", "#a0aec0"), ("stroke-dasharray", "4 3")],
        ["roc"] = [("stroke", "#2b6cb0"), ("stroke-width", "2")],
        ["bad"] = [("stroke", "#c53030"), ("fill", "#c53030")],
        ["good"] = [("stroke", "#2b6cb0"), ("fill", "#2b6cb0")],
        ["bar"] = [("fill-opacity", "0.75"), ("stroke", "none")],
        ["curve"] = [("stroke-width", "2"), ("fill", "none")],
        ["ks-point"] = [("stroke", "#2f855a"), ("stroke-width", "2")],
        ["ks-label"] = [("fill", "#2f855a"), ("font-size", "12")],
        ["bin"] = [("fill", "#805ad5")],
        ["calibration"] = [("stroke", "#805ad5"), ("stroke-width", "1.5"), ("fill", "none")],
        ["rank-1"] = [("fill", "#c53030")],
        ["rank-2"] = [("fill", "#dd6b20")],
        ["rank-3"] = [("fill", "#d69e2e")],
        ["rank-4"] = [("fill", "#a0aec0")],
        ["chart-title"] = [("font-size", "14"), ("font-weight", "bold")],
        ["tick-label"] = [("font-size", "11"), ("fill", "#4a5568")],
        ["legend-label"] = [("font-size", "11"), ("fill", "#4a5568")],
        ["axis-label"] = [("font-size", "12"), ("fill", "#2d3748")],
    };

    private readonly double xMin, xMax, yMin, yMax, Left;

    public SvgPlot(string id, string title, double xMin, double xMax, double yMin, double yMax, double left = 64)
    {
        Left = left;
        this.xMin = xMin;
        this.xMax = xMax > xMin ? xMax : xMin + 1;
        this.yMin = yMin;
        this.yMax = yMax > yMin ? yMax : yMin + 1;
        Root = new XElement(
            Ns + "svg",
            new XAttribute("id", id),
            new XAttribute("class", "chart"),
            new XAttribute("viewBox", $"0 0 {Width} {Height}"),
            new XAttribute("width", Width),
            new XAttribute("height", Height),
            new XAttribute("role", "img"),
            new XAttribute("font-family", "sans-serif"),
            new XElement(Ns + "title", title),
            Painted(new XElement(Ns + "text", new XAttribute("class", "chart-title"), new XAttribute("x", Left), new XAttribute("y", 18), title)));
    }

    public XElement Root { get; }

    public double X(double value) => Left + ((value - xMin) / (xMax - xMin) * (Width - Left - Right));

    public double Y(double value) => Height - Bottom - ((value - yMin) / (yMax - yMin) * (Height - Top - Bottom));

    /// <summary>Axes with <paramref name="ticks"/> + 1 evenly spaced ticks on each and their labels.</summary>
    /// <remarks><paramref name="yTicks"/> 0 leaves the y axis without ticks (its categories are labelled by the caller).</remarks>
    public SvgPlot Axes(string xLabel, string yLabel, string xFormat = "0.0", string yFormat = "0.0", int xTicks = 5, int yTicks = 5)
    {
        var axes = new XElement(Ns + "g", new XAttribute("class", "axes"));
        axes.Add(Line(X(xMin), Y(yMin), X(xMax), Y(yMin), "axis"), Line(X(xMin), Y(yMin), X(xMin), Y(yMax), "axis"));
        for (var k = 0; k <= xTicks; k++)
        {
            var xv = xMin + ((xMax - xMin) * k / xTicks);
            axes.Add(
                Line(X(xv), Y(yMin), X(xv), Y(yMin) + 5, "tick"),
                Text(X(xv), Y(yMin) + 18, xv.ToString(xFormat, CultureInfo.InvariantCulture), "tick-label", "middle"));
        }

        for (var k = 0; k <= yTicks && yTicks > 0; k++)
        {
            var yv = yMin + ((yMax - yMin) * k / yTicks);
            axes.Add(
                Line(X(xMin) - 5, Y(yv), X(xMin), Y(yv), "tick"),
                Line(X(xMin), Y(yv), X(xMax), Y(yv), "grid"),
                Text(X(xMin) - 8, Y(yv) + 4, yv.ToString(yFormat, CultureInfo.InvariantCulture), "tick-label", "end"));
        }

        axes.Add(
            Text((X(xMin) + X(xMax)) / 2, Height - 12, xLabel, "axis-label", "middle"),
            Painted(new XElement(
                Ns + "text",
                new XAttribute("class", "axis-label"),
                new XAttribute("text-anchor", "middle"),
                new XAttribute("transform", $"translate(16 {P((Y(yMin) + Y(yMax)) / 2)}) rotate(-90)"),
                yLabel)));
        Root.Add(axes);
        return this;
    }

    public void Add(params object[] content) => Root.Add(content);

    /// <summary>A polyline through data points.</summary>
    public XElement Polyline(string cssClass, IEnumerable<(double X, double Y)> points) => Painted(new(
        Ns + "polyline",
        new XAttribute("class", cssClass),
        new XAttribute("fill", "none"),
        new XAttribute("points", string.Join(' ', points.Select(p => $"{P(X(p.X))},{P(Y(p.Y))}")))));

    /// <summary>A line between data points.</summary>
    public XElement DataLine(double x1, double y1, double x2, double y2, string cssClass) => Line(X(x1), Y(y1), X(x2), Y(y2), cssClass);

    /// <summary>A bar over [<paramref name="x1"/>, <paramref name="x2"/>) from 0 to <paramref name="y"/>, in data coordinates.</summary>
    public XElement Bar(double x1, double x2, double y, string cssClass) => Rect(x1, x2, yMin, y, cssClass);

    /// <summary>A rectangle over [<paramref name="x1"/>, <paramref name="x2"/>] × [<paramref name="y1"/>, <paramref name="y2"/>], in data coordinates.</summary>
    public XElement Rect(double x1, double x2, double y1, double y2, string cssClass) => Painted(new(
        Ns + "rect",
        new XAttribute("class", cssClass),
        new XAttribute("x", P(Math.Min(X(x1), X(x2)))),
        new XAttribute("y", P(Math.Min(Y(y1), Y(y2)))),
        new XAttribute("width", P(Math.Abs(X(x2) - X(x1)))),
        new XAttribute("height", P(Math.Abs(Y(y2) - Y(y1))))));

    public XElement Circle(double x, double y, string cssClass) => Painted(new(
        Ns + "circle", new XAttribute("class", cssClass), new XAttribute("cx", P(X(x))), new XAttribute("cy", P(Y(y))), new XAttribute("r", 4)));

    public XElement Label(double x, double y, string text, string cssClass, string anchor = "start") => Text(X(x), Y(y), text, cssClass, anchor);

    /// <summary>A legend entry at the top right (or, with <paramref name="bottom"/>, above the x axis at the right), <paramref name="row"/> 0 first.</summary>
    public static XElement Legend(int row, string text, string cssClass, bool bottom = false)
    {
        var y = bottom ? Height - Bottom - 8 - (18 * (2 - row)) : Top + 4 + (row * 18);
        return new XElement(
            Ns + "g",
            new XAttribute("class", "legend"),
            Painted(new XElement(Ns + "rect", new XAttribute("class", cssClass), new XAttribute("x", Width - Right - 90), new XAttribute("y", y), new XAttribute("width", 12), new XAttribute("height", 12))),
            Text(Width - Right - 72, y + 10, text, "legend-label", "start"));
    }

    /// <summary>A value for a data attribute: the shortest text that reads back to the same double.</summary>
    public static string D(double value) => value.ToString("R", CultureInfo.InvariantCulture);

    /// <summary>A list of values for a data attribute, space-separated.</summary>
    public static string D(IEnumerable<double> values) => string.Join(' ', values.Select(D));

    private static string P(double pixels) => pixels.ToString("0.##", CultureInfo.InvariantCulture);

    private static XElement Line(double x1, double y1, double x2, double y2, string cssClass) => Painted(new(
        Ns + "line",
        new XAttribute("class", cssClass),
        new XAttribute("x1", P(x1)),
        new XAttribute("y1", P(y1)),
        new XAttribute("x2", P(x2)),
        new XAttribute("y2", P(y2))));

    private static XElement Text(double x, double y, string text, string cssClass, string anchor) => Painted(new(
        Ns + "text",
        new XAttribute("class", cssClass),
        new XAttribute("x", P(x)),
        new XAttribute("y", P(y)),
        new XAttribute("text-anchor", anchor),
        text));

    /// <summary>Sets the presentation attributes of the element's classes (later classes win).</summary>
    private static XElement Painted(XElement element)
    {
        // Colour classes first, then the shape classes (a curve is never filled, a bar has no outline).
        var names = ((string?)element.Attribute("class") ?? "").Split(' ', StringSplitOptions.RemoveEmptyEntries);
        foreach (var name in names.OrderBy(n => n is "curve" or "bar" ? 1 : 0))
        {
            foreach (var (attribute, value) in Paint.GetValueOrDefault(name, []))
            {
                element.SetAttributeValue(attribute, value);
            }
        }

        return element;
    }
}
