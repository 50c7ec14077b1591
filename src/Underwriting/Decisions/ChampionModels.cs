using System.Collections.Concurrent;
using System.Data.Common;
using Dapper;
using Microcredit.Scoring.Registry;

namespace Microcredit.Underwriting.Decisions;

/// <summary>
/// Registered models compiled once per model id (artifacts never change). Decisions read the
/// champion's id from the registry on every request (so a promotion reaches every instance on
/// its next one) and the model from here.
/// </summary>
public sealed class ChampionModels
{
    private readonly ConcurrentDictionary<string, RegisteredModel> compiled = new(StringComparer.Ordinal);

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
