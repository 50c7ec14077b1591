using System.Data.Common;
using System.Globalization;
using Dapper;

namespace Microcredit.Scoring.Import;

public sealed partial class Importer
{
    /// <summary>Runs the checks that span rows: duplicate keys, changes to imported rows, the file's own.</summary>
    private static async Task CheckAsync(DbConnection connection, DbTransaction transaction, InputFile file, string name, KnownEntities known, ImportErrors errors, bool duplicates, CancellationToken cancellationToken)
    {
        var checks = file.SetChecks(known);
        foreach (var check in duplicates ? checks.Prepend(DuplicateKeys(file)) : checks)
        {
            await RunCheckAsync(connection, transaction, check, name, errors, cancellationToken);
        }

        await CheckChangesAsync(connection, transaction, file, name, errors, cancellationToken);
    }

    private static async Task RunCheckAsync(DbConnection connection, DbTransaction transaction, SetCheck check, string name, ImportErrors errors, CancellationToken cancellationToken)
    {
        var sql = $"SELECT line, a, b, count(*) OVER () AS total FROM ({check.Sql}) x ORDER BY line LIMIT {ImportErrors.Kept}";
        var hits = (await connection.QueryAsync<HitRow>(new CommandDefinition(sql, transaction: transaction, cancellationToken: cancellationToken))).ToList();
        foreach (var hit in hits)
        {
            errors.Add(new ImportError(name, hit.Line, check.Field, check.Message(new SetCheckHit(hit.Line, hit.A, hit.B))));
        }

        if (hits.Count > 0)
        {
            errors.AddUnlisted(hits[0].Total - hits.Count);
        }
    }

    private static SetCheck DuplicateKeys(InputFile file)
    {
        var keys = string.Join(", ", file.Key);
        var join = string.Join(" AND ", file.Key.Select(k => $"s.{k} = f.{k}"));
        var shown = string.Join(" || ', ' || ", file.Key.Select(k => $"CAST(s.{k} AS TEXT)"));
        return new SetCheck(
            string.Join(",", file.Key),
            $"""
            SELECT s.line, {shown} AS a, f.first_line AS b FROM {file.StageTable} s
            JOIN (SELECT {keys}, min(line) AS first_line FROM {file.StageTable} GROUP BY {keys} HAVING count(*) > 1) f ON {join}
            WHERE s.line > f.first_line
            """,
            hit => DuplicateMessage(file, Convert.ToString(hit.A, CultureInfo.InvariantCulture)!, Convert.ToInt64(hit.B, CultureInfo.InvariantCulture)));
    }

    private static string DuplicateMessage(InputFile file, string key, long firstLine) => file.Key.Count == 1
        ? $"duplicate {file.Key[0]} '{key}' (first on line {firstLine})"
        : $"duplicate ({string.Join(", ", file.Key)}) ({key}) (first on line {firstLine})";

    /// <summary>
    /// Compares staged rows with the rows already imported under the same key: an immutable column
    /// may not differ, a fill-only column may go from empty to a value but never change or clear.
    /// One query per file returns every offending row with old and new values side by side.
    /// </summary>
    private static async Task CheckChangesAsync(DbConnection connection, DbTransaction transaction, InputFile file, string name, ImportErrors errors, CancellationToken cancellationToken)
    {
        var watched = file.Immutable.Select(c => (Column: c, FillOnly: false))
            .Concat(file.FillOnly.Select(n => (Column: file.Columns[file.IndexOf(n)], FillOnly: true)))
            .ToList();
        if (watched.Count == 0)
        {
            return;
        }

        string Violation((Column Column, bool FillOnly) w) => w.FillOnly
            ? $"(t.{w.Column.Name} IS NOT NULL AND s.{w.Column.Name} IS DISTINCT FROM t.{w.Column.Name})"
            : $"(s.{w.Column.Name} IS DISTINCT FROM t.{w.Column.Name})";

        var join = string.Join(" AND ", file.Key.Select(k => $"t.{k} = s.{k}"));
        var values = string.Join(", ", watched.Select((w, i) => $"s.{w.Column.Name} AS new{i}, t.{w.Column.Name} AS old{i}"));
        var count = string.Join(" + ", watched.Select(w => $"CASE WHEN {Violation(w)} THEN 1 ELSE 0 END"));
        var sql = $"""
            SELECT s.line, {values}, sum({count}) OVER () AS total FROM {file.StageTable} s
            JOIN {file.Table} t ON {join}
            WHERE s.valid = 1 AND ({string.Join(" OR ", watched.Select(Violation))})
            ORDER BY s.line LIMIT {ImportErrors.Kept}
            """;
        var listed = 0L;
        long total = 0;
        foreach (IDictionary<string, object?> hit in await connection.QueryAsync(new CommandDefinition(sql, transaction: transaction, cancellationToken: cancellationToken)))
        {
            var line = Convert.ToInt64(hit["line"], CultureInfo.InvariantCulture);
            total = Convert.ToInt64(hit["total"], CultureInfo.InvariantCulture);
            for (var i = 0; i < watched.Count; i++)
            {
                var (column, fillOnly) = watched[i];
                var now = hit["new" + i] is DBNull ? null : hit["new" + i];
                var before = hit["old" + i] is DBNull ? null : hit["old" + i];
                if (Equals(Normalize(now), Normalize(before)) || (fillOnly && before is null))
                {
                    continue;
                }

                var message = now is null
                    ? $"is empty but was imported as {ValueText.Of(column.Kind, before)}; an imported value may not be cleared"
                    : $"is {ValueText.Of(column.Kind, now)} but was imported as {ValueText.Of(column.Kind, before)}; {column.Name} may not change once {(fillOnly ? "set" : "imported")}";
                errors.Add(new ImportError(name, line, column.Name, message));
                listed++;
            }
        }

        errors.AddUnlisted(total - listed);
    }

    /// <summary>Engines return integers as Int64 or Int32 and text as string; compare as such.</summary>
    private static object? Normalize(object? value) => value switch
    {
        null => null,
        string s => s,
        _ => Convert.ToInt64(value, CultureInfo.InvariantCulture),
    };

    private sealed class HitRow
    {
        public long Line { get; set; }

        public object? A { get; set; }

        public object? B { get; set; }

        public long Total { get; set; }
    }
}
