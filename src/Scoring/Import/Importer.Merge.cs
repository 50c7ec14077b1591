using System.Data.Common;
using Dapper;
using Microcredit.Scoring.Storage;

namespace Microcredit.Scoring.Import;

public sealed partial class Importer
{
    /// <summary>
    /// Moves a file's checked, staged rows into its table: first updates the rows that exist and
    /// changed, then inserts the new ones. Into an empty table (keys dropped, see
    /// <see cref="DropKeysAsync"/>) the rows, already checked for duplicates, are inserted plainly.
    /// </summary>
    private static async Task<(long Updated, long Inserted)> MergeAsync(DbConnection connection, DbTransaction transaction, InputFile file, bool empty, CancellationToken cancellationToken)
    {
        // MERGE's split into updated and inserted rows comes from the statistics counters, which
        // a server may have turned off (track_counts); then the two statements below do it.
        if (connection is Npgsql.NpgsqlConnection && !empty && await connection.ExecuteScalarAsync<string>(new CommandDefinition(
                "SELECT current_setting('track_counts')", transaction: transaction, cancellationToken: cancellationToken)) == "on")
        {
            return await MergePostgresAsync(connection, transaction, file, cancellationToken);
        }

        long updated = 0;
        var changing = file.Updatable.Concat(file.FillOnly).ToList();
        if (changing.Count > 0 && !empty)
        {
            var set = string.Join(", ", changing.Select(c => $"{c} = s.{c}"));
            var join = string.Join(" AND ", file.Key.Select(k => $"{file.Table}.{k} = s.{k}"));
            var differs = string.Join(" OR ", changing.Select(c => $"{file.Table}.{c} IS DISTINCT FROM s.{c}"));
            updated = await connection.ExecuteAsync(new CommandDefinition(
                $"UPDATE {file.Table} SET {set} FROM {file.StageTable} s WHERE {join} AND s.valid = 1 AND ({differs})",
                transaction: transaction,
                cancellationToken: cancellationToken,
                commandTimeout: 0));
        }

        var columns = string.Join(", ", file.Columns.Select(c => c.Name));
        // The WHERE also settles SQLite's parsing ambiguity between a join's ON and the upsert's ON CONFLICT.
        var conflict = empty ? "" : $" ON CONFLICT ({string.Join(", ", file.Key)}) DO NOTHING";
        var inserted = await connection.ExecuteAsync(new CommandDefinition(
            $"INSERT INTO {file.Table} ({columns}) SELECT {columns} FROM {file.StageTable} WHERE valid = 1{conflict}",
            transaction: transaction,
            cancellationToken: cancellationToken,
            commandTimeout: 0));
        return (updated, inserted);
    }

    /// <summary>
    /// PostgreSQL: one MERGE joins the staged rows with the table once, updating the rows that
    /// changed and inserting the new ones; an UPDATE … FROM followed by INSERT … ON CONFLICT
    /// would join twice (the conflict probe of 1M existing orders alone took 3 s). Staged keys
    /// are unique by then (checked before), and imports hold <see cref="HistoryLock"/>, so no
    /// concurrent insert can race the NOT MATCHED branch. MERGE reports only its total, so the
    /// split comes from this transaction's own tuple counters.
    /// </summary>
    private static async Task<(long Updated, long Inserted)> MergePostgresAsync(DbConnection connection, DbTransaction transaction, InputFile file, CancellationToken cancellationToken)
    {
        var changing = file.Updatable.Concat(file.FillOnly).ToList();
        var on = string.Join(" AND ", file.Key.Select(k => $"t.{k} = s.{k}"));
        var columns = string.Join(", ", file.Columns.Select(c => c.Name));
        var values = string.Join(", ", file.Columns.Select(c => "s." + c.Name));
        var matched = changing.Count == 0
            ? ""
            : $"WHEN MATCHED AND ({string.Join(" OR ", changing.Select(c => $"t.{c} IS DISTINCT FROM s.{c}"))}) THEN UPDATE SET {string.Join(", ", changing.Select(c => $"{c} = s.{c}"))}";
        var counters = new CommandDefinition(
            "SELECT n_tup_ins AS Inserted, n_tup_upd AS Updated FROM pg_stat_xact_user_tables WHERE relid = CAST(@Table AS regclass)",
            new { file.Table },
            transaction,
            cancellationToken: cancellationToken);
        var before = await connection.QuerySingleAsync<(long Inserted, long Updated)>(counters);
        var merged = await connection.ExecuteAsync(new CommandDefinition(
            $"""
            MERGE INTO {file.Table} t USING (SELECT * FROM {file.StageTable} WHERE valid = 1) s ON {on}
            {matched}
            WHEN NOT MATCHED THEN INSERT ({columns}) VALUES ({values})
            """,
            transaction: transaction,
            cancellationToken: cancellationToken,
            commandTimeout: 0));
        var after = await connection.QuerySingleAsync<(long Inserted, long Updated)>(counters);
        var (inserted, updated) = (after.Inserted - before.Inserted, after.Updated - before.Updated);
        if (inserted + updated != merged)
        {
            throw new InvalidOperationException($"MERGE into {file.Table} changed {merged} rows but the counters say {inserted} inserted and {updated} updated.");
        }

        return (updated, inserted);
    }

    /// <summary>
    /// Before a first load into an empty table: drops its secondary indexes and, on PostgreSQL,
    /// its primary key, which are built over the loaded rows far faster than maintained per row.
    /// </summary>
    private async Task DropKeysAsync(DbConnection connection, DbTransaction transaction, InputFile file, CancellationToken cancellationToken)
    {
        foreach (var (name, _) in file.SecondaryIndexes)
        {
            await connection.ExecuteAsync(new CommandDefinition($"DROP INDEX {name}", transaction: transaction, cancellationToken: cancellationToken));
        }

        if (database.Engine == DatabaseEngine.Postgres)
        {
            await connection.ExecuteAsync(new CommandDefinition($"ALTER TABLE {file.Table} DROP CONSTRAINT {file.Table}_pkey", transaction: transaction, cancellationToken: cancellationToken));
        }
    }

    /// <summary>After a first load: builds back what <see cref="DropKeysAsync"/> dropped; false when the primary key met a key twice.</summary>
    private async Task<bool> RestoreKeysAsync(DbConnection connection, DbTransaction transaction, InputFile file, CancellationToken cancellationToken)
    {
        if (database.Engine == DatabaseEngine.Postgres && !await TryAddPrimaryKeyAsync(connection, transaction, file, cancellationToken))
        {
            return false;
        }

        foreach (var (_, definition) in file.SecondaryIndexes)
        {
            await connection.ExecuteAsync(new CommandDefinition(definition, transaction: transaction, cancellationToken: cancellationToken, commandTimeout: 0));
        }

        return true;
    }

    private static async Task<bool> IsEmptyAsync(DbConnection connection, DbTransaction transaction, InputFile file, CancellationToken cancellationToken) =>
        await connection.ExecuteScalarAsync<long>(new CommandDefinition(
            $"SELECT count(*) FROM (SELECT 1 FROM {file.Table} LIMIT 1) x", transaction: transaction, cancellationToken: cancellationToken)) == 0;

    /// <summary>Adds a PostgreSQL table's primary key back after a first load; false when a key occurs twice.</summary>
    private static async Task<bool> TryAddPrimaryKeyAsync(DbConnection connection, DbTransaction transaction, InputFile file, CancellationToken cancellationToken)
    {
        await connection.ExecuteAsync(new CommandDefinition("SAVEPOINT add_key", transaction: transaction, cancellationToken: cancellationToken));
        try
        {
            await connection.ExecuteAsync(new CommandDefinition(
                $"ALTER TABLE {file.Table} ADD CONSTRAINT {file.Table}_pkey PRIMARY KEY ({string.Join(", ", file.Key)})", transaction: transaction, cancellationToken: cancellationToken, commandTimeout: 0));
            return true;
        }
        catch (Npgsql.PostgresException ex) when (ex.SqlState == Npgsql.PostgresErrorCodes.UniqueViolation)
        {
            await connection.ExecuteAsync(new CommandDefinition("ROLLBACK TO SAVEPOINT add_key", transaction: transaction, cancellationToken: cancellationToken));
            return false;
        }
    }

    /// <summary>
    /// A direct first load met a key twice: the table holds no lines, so the duplicated keys come
    /// from the table and their lines from reading the file again.
    /// </summary>
    private static async Task ReportDirectDuplicatesAsync(DbConnection connection, DbTransaction transaction, InputFile file, string path, ImportErrors errors, CancellationToken cancellationToken)
    {
        var keys = string.Join(", ", file.Key);
        var shown = string.Join(" || ', ' || ", file.Key.Select(k => $"CAST({k} AS TEXT)"));
        var duplicated = (await connection.QueryAsync<string>(new CommandDefinition(
            $"SELECT {shown} FROM {file.Table} GROUP BY {keys} HAVING count(*) > 1 LIMIT {ImportErrors.Kept}", transaction: transaction, cancellationToken: cancellationToken))).ToHashSet(StringComparer.Ordinal);
        var total = await connection.ExecuteScalarAsync<long>(new CommandDefinition(
            $"SELECT coalesce(sum(n - 1), 0) FROM (SELECT count(*) AS n FROM {file.Table} GROUP BY {keys} HAVING count(*) > 1) x", transaction: transaction, cancellationToken: cancellationToken));
        var name = Path.GetFileName(path);
        long listed = 0;
        foreach (var (key, lines) in LinesOf(path, file, duplicated))
        {
            foreach (var line in lines.Skip(1))
            {
                errors.Add(new ImportError(name, line, string.Join(",", file.Key), DuplicateMessage(file, key, lines[0])));
                listed++;
            }
        }

        errors.AddUnlisted(total - listed);
    }
}
