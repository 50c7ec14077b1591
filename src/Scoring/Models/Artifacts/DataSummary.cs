using System.Text.Json.Serialization;
using Microcredit.Scoring.Models.Data;

namespace Microcredit.Scoring.Models.Artifacts;

/// <summary>What the model was trained on: file name and SHA-256, rows, events, and every column's role.</summary>
public sealed record DataSummary(string File, string Sha256, int Rows, int Events, double EventRate, IReadOnlyList<ColumnSummary> Columns);

/// <summary>One input column: kind, role (<c>feature</c>, <c>target</c>, <c>fold</c>, <c>time</c>, <c>ignored</c>, <c>identifier</c>), missing count and, for numbers, range.</summary>
public sealed record ColumnSummary(
    string Name,
    ColumnKind Kind,
    string Role,
    int Missing,
    int Distinct,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] double? Min,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] double? Max);
