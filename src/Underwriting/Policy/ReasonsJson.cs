using System.Text.Json;

namespace Microcredit.Underwriting.Policy;

/// <summary>How reasons are stored (offers.reasons, decisions.reasons): a JSON array of {code, text, impact}.</summary>
public static class ReasonsJson
{
    private static readonly JsonSerializerOptions Options = new() { PropertyNamingPolicy = JsonNamingPolicy.CamelCase };

    public static string Serialize(IReadOnlyList<DecisionReason> reasons) => JsonSerializer.Serialize(reasons, Options);

    public static IReadOnlyList<DecisionReason> Deserialize(string json) =>
        JsonSerializer.Deserialize<List<DecisionReason>>(json, Options) ?? throw new JsonException("Reasons are null.");
}
