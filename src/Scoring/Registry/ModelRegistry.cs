using System.Data.Common;
using System.Security.Cryptography;
using System.Text;
using Dapper;
using Microcredit.Scoring.Models.Artifacts;
using Microcredit.Scoring.Storage;

namespace Microcredit.Scoring.Registry;

/// <summary>
/// The models the platform has used, stored in the database with a champion per kind, so that every
/// service instance and worker scores with the same model and a decision can be replayed with the
/// exact artifact it used. A model's id is its kind and the first 12 hex digits of the SHA-256 of its
/// JSON: registering the same bytes twice is a no-op.
/// </summary>
public static class ModelRegistry
{
    /// <summary>The merchant credit model (PD of a credit or order loan).</summary>
    public const string CreditKind = "credit";

    /// <summary>The order settlement model (probability that a shipped order settles).</summary>
    public const string SettlementKind = "settlement";

    public static IReadOnlyList<string> Kinds { get; } = [CreditKind, SettlementKind];

    /// <summary>The model id of artifact text: <c>kind-</c> and 12 hex digits of its SHA-256.</summary>
    public static string IdOf(string kind, string artifactJson) => $"{kind}-{Sha256(artifactJson)[..12]}";

    /// <summary>Stores an artifact (validated by parsing it) and returns its id; the same bytes again return the same id.</summary>
    /// <exception cref="Models.Data.ModelDataException">The text is not a model this engine reads.</exception>
    public static async Task<string> RegisterAsync(
        DbConnection connection, DbTransaction? transaction, string kind, string artifactJson, string source, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNotEqual(Kinds.Contains(kind), true, nameof(kind));
        var artifact = ArtifactJson.Parse(artifactJson, source);
        var id = IdOf(kind, artifactJson);
        await connection.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO models (model_id, kind, family, sha256, artifact, source, validation_auc, created_at)
            VALUES (@id, @kind, @family, @sha, @artifactJson, @source, @auc, @createdAt)
            ON CONFLICT (model_id) DO NOTHING
            """,
            new
            {
                id,
                kind,
                family = artifact.Family,
                sha = Sha256(artifactJson),
                artifactJson,
                source,
                auc = double.IsFinite(artifact.Validation.Auc) ? artifact.Validation.Auc : (double?)null,
                createdAt = DbTime.ToDb(now),
            },
            transaction,
            cancellationToken: cancellationToken));
        return id;
    }

    /// <summary>Makes a registered model the champion of its kind and records the promotion.</summary>
    /// <exception cref="KeyNotFoundException">No such model.</exception>
    public static async Task PromoteAsync(
        DbConnection connection, DbTransaction? transaction, string modelId, string promotedBy, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        var kind = await connection.ExecuteScalarAsync<string?>(new CommandDefinition(
            "SELECT kind FROM models WHERE model_id = @modelId", new { modelId }, transaction, cancellationToken: cancellationToken))
            ?? throw new KeyNotFoundException($"No model '{modelId}' in the registry.");
        var at = DbTime.ToDb(now);
        await connection.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO model_champions (kind, model_id, promoted_at) VALUES (@kind, @modelId, @at)
            ON CONFLICT (kind) DO UPDATE SET model_id = excluded.model_id, promoted_at = excluded.promoted_at
            """,
            new { kind, modelId, at },
            transaction,
            cancellationToken: cancellationToken));
        await connection.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO model_promotions (kind, model_id, promoted_at, promoted_by) VALUES (@kind, @modelId, @at, @promotedBy)
            ON CONFLICT DO NOTHING
            """,
            new { kind, modelId, at, promotedBy },
            transaction,
            cancellationToken: cancellationToken));
    }

    /// <summary>The champion of a kind, or null when none was promoted.</summary>
    public static async Task<RegisteredModel?> ChampionAsync(DbConnection connection, string kind, CancellationToken cancellationToken = default)
    {
        var row = await connection.QuerySingleOrDefaultAsync<ModelRow>(new CommandDefinition(
            """
            SELECT m.model_id AS ModelId, m.kind AS Kind, m.artifact AS Artifact
            FROM model_champions c JOIN models m ON m.model_id = c.model_id
            WHERE c.kind = @kind
            """,
            new { kind },
            cancellationToken: cancellationToken));
        return row is null ? null : RegisteredModel.From(row.ModelId, row.Kind, row.Artifact);
    }

    /// <summary>A registered model by id, or null.</summary>
    public static async Task<RegisteredModel?> FindAsync(DbConnection connection, string modelId, CancellationToken cancellationToken = default)
    {
        var row = await connection.QuerySingleOrDefaultAsync<ModelRow>(new CommandDefinition(
            "SELECT model_id AS ModelId, kind AS Kind, artifact AS Artifact FROM models WHERE model_id = @modelId",
            new { modelId },
            cancellationToken: cancellationToken));
        return row is null ? null : RegisteredModel.From(row.ModelId, row.Kind, row.Artifact);
    }

    /// <summary>Every registered model, newest first, with whether it is its kind's champion.</summary>
    public static async Task<IReadOnlyList<ModelSummary>> ListAsync(DbConnection connection, CancellationToken cancellationToken = default)
    {
        var rows = await connection.QueryAsync<ModelSummary>(new CommandDefinition(
            """
            SELECT m.model_id AS ModelId, m.kind AS Kind, m.family AS Family, m.source AS Source,
                   m.validation_auc AS ValidationAuc, m.created_at AS CreatedAt,
                   CAST(CASE WHEN c.model_id IS NULL THEN 0 ELSE 1 END AS BIGINT) AS IsChampion
            FROM models m LEFT JOIN model_champions c ON c.model_id = m.model_id
            ORDER BY m.created_at DESC, m.model_id
            """,
            cancellationToken: cancellationToken));
        return [.. rows];
    }

    /// <summary>Every promotion ever made (the champions' history), newest first.</summary>
    public static async Task<IReadOnlyList<ModelPromotion>> PromotionsAsync(DbConnection connection, CancellationToken cancellationToken = default)
    {
        var rows = await connection.QueryAsync<ModelPromotion>(new CommandDefinition(
            """
            SELECT kind AS Kind, model_id AS ModelId, promoted_at AS PromotedAt, promoted_by AS PromotedBy
            FROM model_promotions
            ORDER BY promoted_at DESC, kind, model_id
            """,
            cancellationToken: cancellationToken));
        return [.. rows];
    }

    /// <summary>
    /// Registers <c>credit.json</c> and <c>settlement.json</c> from a models directory (the shipped
    /// models) and makes each the champion of its kind when that kind has none yet. Returns the ids
    /// registered. Safe to run on every start, from several instances at once.
    /// </summary>
    public static async Task<IReadOnlyList<string>> SeedAsync(Database database, string directory, TimeProvider time, CancellationToken cancellationToken = default)
    {
        var seeded = new List<string>();
        foreach (var kind in Kinds)
        {
            var path = Path.Combine(directory, kind + ".json");
            if (!File.Exists(path))
            {
                continue;
            }

            var json = await File.ReadAllTextAsync(path, cancellationToken);
            await using var connection = await database.OpenAsync(cancellationToken);
            await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
            var now = time.GetUtcNow();
            var id = await RegisterAsync(connection, transaction, kind, json, Path.GetFileName(path), now, cancellationToken);
            var hasChampion = await connection.ExecuteScalarAsync<long>(new CommandDefinition(
                "SELECT count(*) FROM model_champions WHERE kind = @kind", new { kind }, transaction, cancellationToken: cancellationToken)) > 0;
            if (!hasChampion)
            {
                await PromoteAsync(connection, transaction, id, "seed", now, cancellationToken);
            }

            await transaction.CommitAsync(cancellationToken);
            seeded.Add(id);
        }

        return seeded;
    }

    private static string Sha256(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));

    private sealed record ModelRow(string ModelId, string Kind, string Artifact);
}
