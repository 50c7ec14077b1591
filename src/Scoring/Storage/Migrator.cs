using System.Data.Common;
using System.Reflection;
using System.Text.RegularExpressions;
using Dapper;

namespace Microcredit.Scoring.Storage;

/// <summary>
/// Applies the numbered SQL scripts embedded under <c>Storage/Migrations</c>. A script named
/// <c>NNNN_name.sql</c> runs on both engines; <c>NNNN_name.sqlite.sql</c> and
/// <c>NNNN_name.postgres.sql</c> are the two halves of a step whose SQL differs by engine.
/// Applied versions are recorded in <c>schema_version</c>; applying twice is a no-op, and two
/// processes migrating at once serialize on a lock.
/// </summary>
public sealed partial class Migrator(Database database, TimeProvider time)
{
    /// <summary>An embedded migration for the current engine.</summary>
    public sealed record Script(int Version, string Name, string Sql);

    /// <summary>Brings the schema up to date; returns the versions applied by this call.</summary>
    public async Task<IReadOnlyList<int>> MigrateAsync(CancellationToken cancellationToken = default)
    {
        var scripts = Scripts(database.Engine);
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        if (database.Engine == DatabaseEngine.Postgres)
        {
            // Several API instances and workers may start together; one migrates, the rest wait.
            await connection.ExecuteAsync(new CommandDefinition(
                "SELECT pg_advisory_xact_lock(7214001)", transaction: transaction, commandTimeout: 0, cancellationToken: cancellationToken));
        }

        await connection.ExecuteAsync(new CommandDefinition(
            """
            CREATE TABLE IF NOT EXISTS schema_version (
                version INTEGER PRIMARY KEY,
                name TEXT NOT NULL,
                applied_at BIGINT NOT NULL
            )
            """,
            transaction: transaction,
            cancellationToken: cancellationToken));
        var applied = (await connection.QueryAsync<int>(new CommandDefinition(
            "SELECT version FROM schema_version", transaction: transaction, cancellationToken: cancellationToken))).ToHashSet();

        var done = new List<int>();
        foreach (var script in scripts.Where(s => !applied.Contains(s.Version)))
        {
            // No time limit: a script on a large table takes as long as it takes, whatever command
            // timeout the process keeps for its own statements (the API's is seconds).
            await connection.ExecuteAsync(new CommandDefinition(script.Sql, transaction: transaction, commandTimeout: 0, cancellationToken: cancellationToken));
            await connection.ExecuteAsync(new CommandDefinition(
                "INSERT INTO schema_version (version, name, applied_at) VALUES (@Version, @Name, @AppliedAt)",
                new { script.Version, script.Name, AppliedAt = DbTime.ToDb(time.GetUtcNow()) },
                transaction,
                cancellationToken: cancellationToken));
            done.Add(script.Version);
        }

        await transaction.CommitAsync(cancellationToken);
        return done;
    }

    /// <summary>The highest version applied, or 0 on an empty database.</summary>
    public async Task<int> CurrentVersionAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var exists = database.Engine == DatabaseEngine.Sqlite
            ? await connection.ExecuteScalarAsync<long>("SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'schema_version'") > 0
            : await connection.ExecuteScalarAsync<bool>("SELECT to_regclass('schema_version') IS NOT NULL");
        return exists ? await connection.ExecuteScalarAsync<int>("SELECT coalesce(max(version), 0) FROM schema_version") : 0;
    }

    /// <summary>The embedded scripts for an engine, in version order.</summary>
    public static IReadOnlyList<Script> Scripts(DatabaseEngine engine)
    {
        var assembly = typeof(Migrator).Assembly;
        var engineSuffix = engine == DatabaseEngine.Sqlite ? "sqlite" : "postgres";
        var scripts = new List<Script>();
        foreach (var resource in assembly.GetManifestResourceNames().Where(n => n.StartsWith("Migrations/", StringComparison.Ordinal)))
        {
            var match = ScriptName().Match(resource["Migrations/".Length..]);
            if (!match.Success)
            {
                throw new InvalidOperationException($"Migration '{resource}' is not named NNNN_name[.engine].sql.");
            }

            var only = match.Groups["engine"].Value;
            if (only.Length > 0 && only != engineSuffix)
            {
                continue;
            }

            scripts.Add(new Script(int.Parse(match.Groups["version"].Value), match.Groups["name"].Value, Read(assembly, resource)));
        }

        var duplicate = scripts.GroupBy(s => s.Version).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
        {
            throw new InvalidOperationException($"Two migrations share version {duplicate.Key} for {engine}.");
        }

        return [.. scripts.OrderBy(s => s.Version)];
    }

    private static string Read(Assembly assembly, string resource)
    {
        using var stream = assembly.GetManifestResourceStream(resource)!;
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    [GeneratedRegex(@"^(?<version>\d{4})_(?<name>[a-z0-9_]+?)(\.(?<engine>sqlite|postgres))?\.sql$")]
    private static partial Regex ScriptName();
}
