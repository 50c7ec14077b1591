using System.Data.Common;
using Dapper;
using Microcredit.Scoring.Models.Artifacts;
using Microcredit.Scoring.Models.Data;

namespace Microcredit.Jobs.Models;

/// <summary>A registered model as <c>credit models list</c> shows it: the registry's facts, its artifact's validation and, when recorded, its out-of-time evaluation.</summary>
internal sealed record ListedModel(
    string ModelId,
    string Kind,
    string Family,
    string Source,
    long CreatedAt,
    bool IsChampion,
    string? ValidationMethod,
    double? ValidationAuc,
    double? ValidationKs,
    OutOfTimeFigures? OutOfTime);

/// <summary>An out-of-time evaluation of a model (from <c>model_evaluations</c>, once that table exists).</summary>
internal sealed record OutOfTimeFigures(double? Auc, double? Ks, string? Window);

/// <summary>Reads the registry with each model's artifact metrics for <c>credit models list</c>.</summary>
internal static class ModelListing
{
    public static async Task<IReadOnlyList<ListedModel>> ListAsync(DbConnection connection, CancellationToken cancellationToken)
    {
        var rows = await connection.QueryAsync<Row>(new CommandDefinition(
            """
            SELECT m.model_id AS ModelId, m.kind AS Kind, m.family AS Family, m.source AS Source, m.created_at AS CreatedAt,
                   m.artifact AS Artifact, CAST(CASE WHEN c.model_id IS NULL THEN 0 ELSE 1 END AS BIGINT) AS IsChampion
            FROM models m LEFT JOIN model_champions c ON c.model_id = m.model_id
            ORDER BY m.kind, m.created_at DESC, m.model_id
            """,
            cancellationToken: cancellationToken));
        var outOfTime = await OutOfTimeAsync(connection, cancellationToken);
        return [.. rows.Select(r =>
        {
            var validation = Validation(r.ModelId, r.Artifact);
            return new ListedModel(
                r.ModelId, r.Kind, r.Family, r.Source, r.CreatedAt, r.IsChampion == 1,
                validation?.Method, Finite(validation?.Auc), Finite(validation?.Pooled.Ks), outOfTime.GetValueOrDefault(r.ModelId));
        })];
    }

    /// <summary>
    /// THE ONE PLACE to add the out-of-time figures: MONITOR's migration 0010 adds a
    /// <c>model_evaluations</c> table (the retrain job's evaluation on the latest matured loans).
    /// When it is merged, query it here — latest evaluation per model_id → AUC, KS and the window
    /// evaluated — and the list, its JSON and its table show them with no other change. Until
    /// then no model has any (this branch must not create the table).
    /// </summary>
    private static Task<IReadOnlyDictionary<string, OutOfTimeFigures>> OutOfTimeAsync(DbConnection connection, CancellationToken cancellationToken)
    {
        _ = connection;
        _ = cancellationToken;
        return Task.FromResult<IReadOnlyDictionary<string, OutOfTimeFigures>>(new Dictionary<string, OutOfTimeFigures>(StringComparer.Ordinal));
    }

    private static ValidationReport? Validation(string modelId, string artifact)
    {
        try
        {
            return ArtifactJson.Parse(artifact, modelId).Validation;
        }
        catch (ModelDataException)
        {
            // A stored artifact this engine no longer reads still lists; it just shows no metrics.
            return null;
        }
    }

    private static double? Finite(double? value) => value is { } v && double.IsFinite(v) ? v : null;

    private sealed record Row(string ModelId, string Kind, string Family, string Source, long CreatedAt, string Artifact, long IsChampion);
}
