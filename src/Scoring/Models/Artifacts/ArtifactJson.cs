using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using Microcredit.Scoring.Models.Binning;
using Microcredit.Scoring.Models.Data;

namespace Microcredit.Scoring.Models.Artifacts;

/// <summary>
/// Reads and writes artifacts and binning files: indented UTF-8 JSON with "\n" line ends,
/// camelCase names in declaration order, enum names as camelCase strings, and numbers in the
/// shortest form that round-trips, so the bytes depend only on the values.
/// </summary>
public static class ArtifactJson
{
    public static readonly JsonSerializerOptions Options = new()
    {
        WriteIndented = true,
        NewLine = "\n",
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
    };

    public static string Serialize(ModelArtifact artifact) => JsonSerializer.Serialize(artifact, Options) + "\n";

    public static void Save(ModelArtifact artifact, string path) => File.WriteAllText(path, Serialize(artifact));

    /// <summary>Loads an artifact, refusing other formats and versions this engine does not know.</summary>
    /// <exception cref="ModelDataException">Not an artifact, an unknown version, or malformed.</exception>
    public static ModelArtifact Load(string path)
    {
        if (!File.Exists(path))
        {
            throw new ModelDataException($"{path}: model file not found.");
        }

        return Parse(File.ReadAllText(path), path);
    }

    public static ModelArtifact Parse(string json, string source)
    {
        try
        {
            using (var document = JsonDocument.Parse(json))
            {
                var root = document.RootElement;
                if (root.ValueKind != JsonValueKind.Object
                    || !root.TryGetProperty("format", out var format) || format.ValueKind != JsonValueKind.String || format.GetString() != ModelArtifact.FormatName)
                {
                    throw new ModelDataException($"{source}: not a Microcredit model (no \"format\": \"{ModelArtifact.FormatName}\").");
                }

                if (!root.TryGetProperty("formatVersion", out var version) || version.ValueKind != JsonValueKind.Number
                    || !version.TryGetInt32(out var number) || number != ModelArtifact.CurrentFormatVersion)
                {
                    throw new ModelDataException($"{source}: model format version {(root.TryGetProperty("formatVersion", out var v) ? v.GetRawText() : "(none)")} is unknown; this engine ({EngineInfo.Version}) reads version {ModelArtifact.CurrentFormatVersion}.");
                }
            }

            return JsonSerializer.Deserialize<ModelArtifact>(json, Options) ?? throw new ModelDataException($"{source}: empty model.");
        }
        catch (JsonException ex)
        {
            throw new ModelDataException($"{source}: malformed model JSON: {ex.Message}");
        }
    }

    /// <summary>Writes a binning file: <c>{"formatVersion": 1, "features": [FeatureBinning…]}</c>.</summary>
    public static void SaveBinning(IReadOnlyList<FeatureBinning> binnings, string path) =>
        File.WriteAllText(path, JsonSerializer.Serialize(new BinningFile(1, binnings), Options) + "\n");

    /// <summary>Reads a binning file; counts and WoE in it are ignored (they are recomputed on the training rows).</summary>
    public static IReadOnlyDictionary<string, FeatureBinning> LoadBinning(string path)
    {
        if (!File.Exists(path))
        {
            throw new ModelDataException($"{path}: binning file not found.");
        }

        BinningFile? file;
        try
        {
            file = JsonSerializer.Deserialize<BinningFile>(File.ReadAllText(path), Options);
        }
        catch (JsonException ex)
        {
            throw new ModelDataException($"{path}: malformed binning JSON: {ex.Message}");
        }

        if (file is null || file.FormatVersion != 1)
        {
            throw new ModelDataException($"{path}: binning format version {file?.FormatVersion} is unknown; this engine reads version 1.");
        }

        var result = new Dictionary<string, FeatureBinning>(StringComparer.Ordinal);
        foreach (var binning in file.Features)
        {
            BinningCheck.Validate(binning, path);
            result[binning.Feature] = binning;
        }

        return result;
    }

    private sealed record BinningFile(int FormatVersion, IReadOnlyList<FeatureBinning> Features);
}
