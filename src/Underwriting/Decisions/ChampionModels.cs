using System.Collections.Concurrent;
using System.Data.Common;
using Dapper;
using Microcredit.Scoring.Registry;

namespace Microcredit.Underwriting.Decisions;

/// <summary>
/// The champion of each kind, read from the registry on every decision (so a promotion reaches
/// every instance on its next request), compiled once per model id (artifacts never change).
/// </summary>
public sealed class ChampionModels
{
    private readonly ConcurrentDictionary<string, RegisteredModel> compiled = new(StringComparer.Ordinal);

    public async Task<RegisteredModel?> ChampionAsync(DbConnection connection, string kind, CancellationToken cancellationToken)
    {
        var id = await connection.ExecuteScalarAsync<string?>(new CommandDefinition(
            "SELECT model_id FROM model_champions WHERE kind = @kind", new { kind }, cancellationToken: cancellationToken));
        return id is null ? null : await ByIdAsync(connection, id, cancellationToken);
    }

    public async Task<RegisteredModel?> ByIdAsync(DbConnection connection, string modelId, CancellationToken cancellationToken)
    {
        if (compiled.TryGetValue(modelId, out var model))
        {
            return model;
        }

        model = await ModelRegistry.FindAsync(connection, modelId, cancellationToken);
        return model is null ? null : compiled.GetOrAdd(modelId, model);
    }
}
