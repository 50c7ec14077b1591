using System.Text;

namespace Microcredit.Scoring.Features;

/// <summary>The generated catalog section shared by docs/features.md and docs/settlement.md.</summary>
internal static class CatalogMarkdown
{
    /// <summary>
    /// <paramref name="begin"/>, the <paramref name="summary"/> line, one "###" subsection per entry
    /// (description, then a "- label: value" bullet per property), <paramref name="end"/>.
    /// </summary>
    public static string Write(string begin, string end, string summary, IEnumerable<(string Name, string Description, (string Label, string Value)[] Properties)> entries)
    {
        var text = new StringBuilder();
        text.Append(begin).Append('\n');
        text.Append(summary).Append('\n');
        foreach (var (name, description, properties) in entries)
        {
            text.Append('\n');
            text.Append($"### {name}\n");
            text.Append($"{description}\n\n");
            foreach (var (label, value) in properties)
            {
                text.Append($"- {label}: {value}\n");
            }
        }

        text.Append(end).Append('\n');
        return text.ToString();
    }
}
