using System.Text.Json;

namespace Microcredit.Jobs.Models.Reports;

/// <summary>Writes a report's HTML and, beside it with the same base name, its JSON.</summary>
internal static class ReportFiles
{
    private static readonly JsonSerializerOptions Json = new(ModelCli.Json) { WriteIndented = true };

    public static (string Html, string Json) Write(string htmlPath, EvaluationReport report)
    {
        var full = Path.GetFullPath(htmlPath);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        var jsonPath = Path.ChangeExtension(full, ".json");
        ReportHtml.Write(full, report);
        File.WriteAllText(jsonPath, JsonSerializer.Serialize(report, Json) + "\n");
        return (htmlPath, Path.ChangeExtension(htmlPath, ".json"));
    }
}
