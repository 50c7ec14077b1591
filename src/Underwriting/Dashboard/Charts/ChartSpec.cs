using System.Text.Json;
using System.Text.Json.Serialization;

namespace Microcredit.Underwriting.Dashboard.Charts;

/// <summary>
/// A chart for /assets/charts.js: written into the page as a JSON block beside its canvas
/// (<c>&lt;partial name="_Chart" model="..." /&gt;</c>). The JSON is HTML-safe (System.Text.Json's
/// default encoder escapes &lt; &gt; &amp;), so it can sit inside a script element.
/// </summary>
/// <param name="Type">line or bar.</param>
/// <param name="Labels">The x values, one per point.</param>
/// <param name="Datasets">The series; a null value is a gap.</param>
/// <param name="Stacked">Bars stacked on one another.</param>
/// <param name="YFormat">percent: the values are percentages.</param>
public sealed record ChartSpec(
    string Type,
    IReadOnlyList<string> Labels,
    IReadOnlyList<ChartSeries> Datasets,
    bool Stacked = false,
    string? YFormat = null,
    string? XTitle = null,
    string? YTitle = null)
{
    public const string Line = "line";

    public const string Bar = "bar";

    public const string Percent = "percent";

    private static readonly JsonSerializerOptions Options = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    public string ToJson() => JsonSerializer.Serialize(this, Options);
}

/// <summary>One series of a <see cref="ChartSpec"/>; <paramref name="Color"/> is optional (charts.js has a palette).</summary>
public sealed record ChartSeries(string Label, IReadOnlyList<decimal?> Data, string? Color = null);

/// <summary>What the _Chart partial draws: the canvas id's data block and the chart.</summary>
/// <param name="Id">The data block's element id (unique on the page); the canvas gets <c>Id + "-canvas"</c>.</param>
/// <param name="Title">The canvas's accessible label.</param>
public sealed record ChartBlock(string Id, string Title, ChartSpec Spec);
