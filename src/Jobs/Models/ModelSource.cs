using System.Text.RegularExpressions;
using Microcredit.Jobs.Cli;
using Microcredit.Scoring.Models.Artifacts;
using Microcredit.Scoring.Registry;

namespace Microcredit.Jobs.Models;

/// <summary>
/// What <c>--model</c> names: a model file, or the id of a registered model (<c>credit-3f2a9c0d11b4</c>,
/// as <c>credit models list</c> prints), looked up in the configured database only when no such file exists.
/// </summary>
internal static partial class ModelSource
{
    /// <summary>Whether <paramref name="text"/> has the shape of a registry id: a kind, a dash and 12 hex digits.</summary>
    public static bool IsRegistryId(string text) => RegistryId().IsMatch(text);

    /// <summary>The artifact <paramref name="text"/> names; a clear failure (exit 1) for a missing file or an unknown id.</summary>
    public static async Task<ModelArtifact> LoadAsync(CliContext context, string text, string? databaseSetting, CancellationToken cancellationToken)
    {
        if (File.Exists(text))
        {
            return ModelCli.LoadModel(text);
        }

        if (!IsRegistryId(text))
        {
            throw new CliException($"{text}: model file not found (give a model JSON file or a registered model id from credit models list).");
        }

        using var database = await context.OpenMigratedAsync(databaseSetting, cancellationToken);
        await using var connection = await database.OpenAsync(cancellationToken);
        var model = await ModelRegistry.FindAsync(connection, text, cancellationToken)
            ?? throw new CliException($"No model '{text}' in the registry (see credit models list).");
        return model.Artifact;
    }

    [GeneratedRegex("^(credit|settlement)-[0-9a-f]{12}$")]
    private static partial Regex RegistryId();
}
