using System.Net;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Microcredit.Underwriting.Tests.Dashboard;

/// <summary>Reads what a dashboard page printed: a table row's cell texts, a chart's JSON block.</summary>
public static partial class PageHtml
{
    /// <summary>The cell texts (tags stripped, entities decoded, whitespace collapsed) of the row carrying <c>attribute="value"</c>.</summary>
    public static IReadOnlyList<string> Row(string html, string attribute, string value)
    {
        // Razor writes attribute values HTML-encoded ("90+" as "90&#x2B;").
        var start = html.IndexOf($"<tr {attribute}=\"{System.Text.Encodings.Web.HtmlEncoder.Default.Encode(value)}\"", StringComparison.Ordinal);
        if (start < 0)
        {
            throw new InvalidOperationException($"No row {attribute}=\"{value}\" on the page.");
        }

        var end = html.IndexOf("</tr>", start, StringComparison.Ordinal);
        return [.. Cell().Matches(html[start..end]).Select(m => Text(m.Groups[1].Value))];
    }

    /// <summary>The values of <paramref name="attribute"/> on every row of the table with id <paramref name="table"/>, in page order.</summary>
    public static IReadOnlyList<string> RowKeys(string html, string table, string attribute)
    {
        var start = html.IndexOf($"id=\"{table}\"", StringComparison.Ordinal);
        if (start < 0)
        {
            throw new InvalidOperationException($"No table {table} on the page.");
        }

        var end = html.IndexOf("</table>", start, StringComparison.Ordinal);
        return [.. Regex.Matches(html[start..end], $"<tr {attribute}=\"([^\"]*)\"").Select(m => WebUtility.HtmlDecode(m.Groups[1].Value))];
    }

    /// <summary>The text of the element with id <paramref name="id"/>.</summary>
    public static string ById(string html, string id)
    {
        var match = Regex.Match(html, $"id=\"{Regex.Escape(id)}\"[^>]*>(.*?)</", RegexOptions.Singleline);
        return match.Success ? Text(match.Groups[1].Value) : throw new InvalidOperationException($"No element {id} on the page.");
    }

    /// <summary>The chart data block with id <paramref name="id"/>, parsed.</summary>
    public static JsonObject Chart(string html, string id)
    {
        var match = Regex.Match(html, $"<script type=\"application/json\" id=\"{Regex.Escape(id)}\">(.*?)</script>", RegexOptions.Singleline);
        return match.Success ? JsonNode.Parse(match.Groups[1].Value)!.AsObject() : throw new InvalidOperationException($"No chart data {id} on the page.");
    }

    private static string Text(string html) => Space().Replace(WebUtility.HtmlDecode(Tag().Replace(html, " ")), " ").Trim();

    [GeneratedRegex("<td[^>]*>(.*?)</td>", RegexOptions.Singleline)]
    private static partial Regex Cell();

    [GeneratedRegex("<[^>]+>")]
    private static partial Regex Tag();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Space();
}
