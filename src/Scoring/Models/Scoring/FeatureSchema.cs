using System.Security.Cryptography;
using System.Text;

namespace Microcredit.Scoring.Models.Scoring;

/// <summary>
/// The inputs a model reads, in the order of an encoded row, and a hash of them (SHA-256 over
/// "name, kind, labels" lines) that tells whether two models read the same inputs.
/// </summary>
public sealed record FeatureSchema
{
    public required IReadOnlyList<FeatureSpec> Features { get; init; }

    /// <summary><c>sha256:</c> and the lowercase hex digest of <see cref="Canonical"/>.</summary>
    public required string Hash { get; init; }

    public static FeatureSchema Create(IReadOnlyList<FeatureSpec> features) => new() { Features = features, Hash = HashOf(features) };

    /// <summary>One line per feature: name, tab, kind, tab, labels joined by the unit separator U+001F.</summary>
    public static string Canonical(IReadOnlyList<FeatureSpec> features)
    {
        var text = new StringBuilder();
        foreach (var feature in features)
        {
            text.Append(feature.Name).Append('\t').Append(feature.Kind.ToString().ToLowerInvariant()).Append('\t')
                .AppendJoin('\u001f', feature.Categories ?? []).Append('\n');
        }

        return text.ToString();
    }

    public static string HashOf(IReadOnlyList<FeatureSpec> features) =>
        "sha256:" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(Canonical(features))));

    public int IndexOf(string name)
    {
        for (var i = 0; i < Features.Count; i++)
        {
            if (Features[i].Name == name)
            {
                return i;
            }
        }

        return -1;
    }
}
