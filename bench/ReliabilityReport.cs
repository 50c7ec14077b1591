using System.Text;

namespace Microcredit.Bench;

/// <summary>
/// What a reliability run found: each check passed, failed or pending (not built yet, never
/// counted as passed), with its figures, and the load tables. Printed as it goes and rendered
/// as the Markdown that docs/reliability.md holds.
/// </summary>
internal sealed class ReliabilityReport
{
    private readonly List<(string Phase, string Engine, string Check, string Result, string Figures)> checks = [];
    private readonly List<(string Title, string Markdown)> tables = [];
    private readonly List<(string Phase, string Engine, string What, string Value)> figures = [];

    public bool Passed => checks.All(c => c.Result != Fail);

    public int Failures => checks.Count(c => c.Result == Fail);

    private const string Pass = "pass";
    private const string Fail = "**FAIL**";
    private const string PendingResult = "pending";

    public void Check(string phase, string engine, string check, bool passed, string figures)
    {
        checks.Add((phase, engine, check, passed ? Pass : Fail, figures));
        Console.WriteLine($"[{(passed ? "pass" : "FAIL")}] {phase} ({engine}): {check} — {figures}");
    }

    /// <summary>A check the harness cannot make yet; it shows as pending, never as passed.</summary>
    public void Pending(string phase, string engine, string check, string why)
    {
        checks.Add((phase, engine, check, PendingResult, why));
        Console.WriteLine($"[pending] {phase} ({engine}): {check} — {why}");
    }

    public void Table(string title, string markdown) => tables.Add((title, markdown));

    /// <summary>A measurement rather than a check (the saturation point depends on the machine).</summary>
    public void Figure(string phase, string engine, string what, string value)
    {
        figures.Add((phase, engine, what, value));
        Console.WriteLine($"[figure] {phase} ({engine}): {what}: {value}");
    }

    public string ToMarkdown(string command, string machine, TimeSpan elapsed)
    {
        var text = new StringBuilder();
        text.AppendLine($"Command: `{command}` — {machine}; {elapsed.TotalMinutes:F1} minutes in all; {checks.Count(c => c.Result == Pass)} checks passed, {Failures} failed, {checks.Count(c => c.Result == PendingResult)} pending.");
        foreach (var (title, markdown) in tables)
        {
            text.AppendLine().AppendLine($"#### {title}").AppendLine().Append(markdown.TrimEnd()).AppendLine();
        }

        if (figures.Count > 0)
        {
            text.AppendLine().AppendLine("#### Figures").AppendLine();
            text.AppendLine("| phase | engine | figure | value |").AppendLine("|---|---|---|---|");
            foreach (var (phase, engine, what, value) in figures)
            {
                text.AppendLine($"| {phase} | {engine} | {what} | {value} |");
            }
        }

        text.AppendLine().AppendLine("#### Checks").AppendLine();
        text.AppendLine("| phase | engine | check | result | figures |").AppendLine("|---|---|---|---|---|");
        foreach (var (phase, engine, check, result, figures) in checks)
        {
            text.AppendLine($"| {phase} | {engine} | {check} | {result} | {figures.Replace("|", "\\|", StringComparison.Ordinal)} |");
        }

        return text.ToString();
    }
}
