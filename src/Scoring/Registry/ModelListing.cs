using System.Collections.Concurrent;
using System.Data.Common;
using Dapper;
using Microcredit.Scoring.Models.Artifacts;
using Microcredit.Scoring.Models.Data;

namespace Microcredit.Scoring.Registry;

/// <summary>
/// A registered model as <c>credit models list</c> and the dashboard's models page show it: the
/// registry's facts, its artifact's validation (AUC: mean over the splits; KS and Brier: pooled
/// out-of-fold) and, when recorded, its latest out-of-time evaluation.
/// </summary>
public sealed record ListedModel(
    string ModelId,
    string Kind,
    string Family,
    string Source,
    long CreatedAt,
    bool IsChampion,
    string? ValidationMethod,
    double? ValidationAuc,
    double? ValidationKs,
    double? ValidationBrier,
    OutOfTimeFigures? OutOfTime);

/// <summary>The latest out-of-time evaluation of a model (<c>model_evaluations</c>): AUC, KS and the window it was measured on.</summary>
public sealed record OutOfTimeFigures(double? Auc, double? Ks, string? Window);

/// <summary>Reads the registry with each model's artifact metrics.</summary>
public static class ModelListing
{
    /// <summary>
    /// The figures of each artifact read so far, by model id. A model id is the hash of its
    /// artifact's bytes, so its figures never change; artifacts are tens of kilobytes to megabytes,
    /// and a page that lists the registry should not fetch and parse every one each time.
    /// </summary>
    private static readonly ConcurrentDictionary<string, ArtifactFigures> Figures = new(StringComparer.Ordinal);

    /// <summary>Every registered model, by kind, newest first within a kind.</summary>
    public static async Task<IReadOnlyList<ListedModel>> ListAsync(DbConnection connection, CancellationToken cancellationToken = default)
    {
        var rows = (await connection.QueryAsync<Row>(new CommandDefinition(
            """
            SELECT m.model_id AS ModelId, m.kind AS Kind, m.family AS Family, m.source AS Source, m.created_at AS CreatedAt,
                   CAST(CASE WHEN c.model_id IS NULL THEN 0 ELSE 1 END AS BIGINT) AS IsChampion
            FROM models m LEFT JOIN model_champions c ON c.model_id = m.model_id
            ORDER BY m.kind, m.created_at DESC, m.model_id
            """,
            cancellationToken: cancellationToken))).ToList();
        // One query per model not read yet: each model is read once per process.
        foreach (var modelId in rows.Select(r => r.ModelId).Where(id => !Figures.ContainsKey(id)))
        {
            var artifact = await connection.ExecuteScalarAsync<string>(new CommandDefinition(
                "SELECT artifact FROM models WHERE model_id = @modelId", new { modelId }, cancellationToken: cancellationToken));
            Figures.TryAdd(modelId, artifact is null ? ArtifactFigures.None : ArtifactFigures.Of(modelId, artifact));
        }

        var outOfTime = await OutOfTimeAsync(connection, cancellationToken);
        return [.. rows.Select(r =>
        {
            var figures = Figures.GetValueOrDefault(r.ModelId) ?? ArtifactFigures.None;
            return new ListedModel(
                r.ModelId, r.Kind, r.Family, r.Source, r.CreatedAt, r.IsChampion == 1,
                figures.Method, figures.Auc, figures.Ks, figures.Brier, outOfTime.GetValueOrDefault(r.ModelId));
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

    private sealed record ArtifactFigures(string? Method, double? Auc, double? Ks, double? Brier)
    {
        public static ArtifactFigures None { get; } = new(null, null, null, null);

        public static ArtifactFigures Of(string modelId, string artifact)
        {
            try
            {
                var validation = ArtifactJson.Parse(artifact, modelId).Validation;
                return new ArtifactFigures(validation.Method, Finite(validation.Auc), Finite(validation.Pooled.Ks), Finite(validation.Pooled.Brier));
            }
            catch (ModelDataException)
            {
                // A stored artifact this engine no longer reads still lists; it just shows no metrics.
                return None;
            }
        }

        private static double? Finite(double value) => double.IsFinite(value) ? value : null;
    }

    /// <summary>A class, not a positional record: SQLite gives an expression column (IsChampion) no type when there are no rows, and Dapper matches record constructors by type.</summary>
    private sealed class Row
    {
        public string ModelId { get; init; } = "";

        public string Kind { get; init; } = "";

        public string Family { get; init; } = "";

        public string Source { get; init; } = "";

        public long CreatedAt { get; init; }

        public long IsChampion { get; init; }
    }
}
