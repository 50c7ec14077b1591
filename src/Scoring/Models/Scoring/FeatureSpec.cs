using System.Text.Json.Serialization;
using Microcredit.Scoring.Models.Data;

namespace Microcredit.Scoring.Models.Scoring;

/// <summary>
/// One model input. A categorical feature lists its known labels: in an encoded row its value is
/// the label's index in <see cref="Categories"/>, −1 for an unknown label, NaN for missing.
/// </summary>
public sealed record FeatureSpec(
    string Name,
    ColumnKind Kind,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyList<string>? Categories = null);
