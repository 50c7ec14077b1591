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
    /// Out-of-time figures from the retrain job's evaluations (<c>model_evaluations</c>, migration
    /// 0010): the latest evaluation of each model (as champion or challenger) on matured loans.
    /// </summary>
    private static async Task<IReadOnlyDictionary<string, OutOfTimeFigures>> OutOfTimeAsync(DbConnection connection, CancellationToken cancellationToken)
    {
        var rows = await connection.QueryAsync<EvaluationRow>(new CommandDefinition(
            "SELECT model_id AS ModelId, as_of AS AsOf, eval_from AS EvalFrom, eval_to AS EvalTo, auc AS Auc, ks AS Ks FROM model_evaluations",
            cancellationToken: cancellationToken));
        return rows
            .GroupBy(r => r.ModelId, StringComparer.Ordinal)
            .ToDictionary(
                g => g.Key,
                g =>
                {
                    var latest = g.OrderByDescending(r => r.AsOf, StringComparer.Ordinal).First();
                    return new OutOfTimeFigures(latest.Auc, latest.Ks, $"{latest.EvalFrom}..{latest.EvalTo}");
                },
                StringComparer.Ordinal);
    }

#pragma warning disable CA1812 // Instantiated by Dapper.
    private sealed class EvaluationRow
    {
        public string ModelId { get; init; } = "";

        public string AsOf { get; init; } = "";

        public string EvalFrom { get; init; } = "";

        public string EvalTo { get; init; } = "";

        public double? Auc { get; init; }

        public double? Ks { get; init; }
    }
#pragma warning restore CA1812

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
