using System.Data.Common;
using Microcredit.Scoring.Storage;
using Microsoft.Data.Sqlite;
using Npgsql;
using NpgsqlTypes;

namespace Microcredit.Scoring.Import;

/// <summary>
/// Appends parsed rows to a file's staging table by each engine's bulk path: binary COPY on
/// PostgreSQL, one prepared INSERT reused inside the import's transaction on SQLite.
/// </summary>
internal abstract class StageWriter : IDisposable
{
    /// <summary>
    /// A writer into the file's staging table, or with <paramref name="direct"/> (SQLite, empty
    /// target table) straight into the target table.
    /// </summary>
    public static StageWriter Create(DbConnection connection, DbTransaction transaction, InputFile file, bool direct = false) => connection switch
    {
        NpgsqlConnection postgres => new PostgresStageWriter(postgres, file, direct),
        SqliteConnection sqlite when transaction is SqliteTransaction => direct ? new SqliteDirectWriter(sqlite, file) : new SqliteStageWriter(sqlite, file),
        _ => throw new NotSupportedException($"{connection.GetType().Name} (direct: {direct})"),
    };

    /// <summary>Rows written to the target table by a direct writer.</summary>
    public long Inserted { get; protected set; }

    /// <summary>Duplicate keys a direct writer met: the line, the key as shown, the line that has it first.</summary>
    public List<(long Line, string Key, long FirstLine)> Duplicates { get; } = [];

    public abstract void Write(RowBuffer row);

    /// <summary>Writes a run of rows, which are valid only until the call returns.</summary>
    public virtual void Write(ReadOnlySpan<RowBuffer> rows)
    {
        foreach (var row in rows)
        {
            Write(row);
        }
    }

    /// <summary>Flushes what is buffered; the rows are then visible to queries in the transaction.</summary>
    public abstract void Complete();

    public abstract void Dispose();

    /// <summary>
    /// Binds through SQLitePCLRaw on the connection's own handle (so inside its transaction):
    /// no boxing and no per-execution bookkeeping, which at millions of rows is most of the cost
    /// of <see cref="SqliteCommand"/>.
    /// </summary>
    private class SqliteStageWriter : StageWriter
    {
        public SqliteStageWriter(SqliteConnection connection, InputFile file)
            : this(connection, file, $"INSERT INTO {file.StageTable} (line, valid, {Names(file)}) VALUES (?1, ?2, {Values(file)})")
        {
        }

        protected SqliteStageWriter(SqliteConnection connection, InputFile file, string sql)
        {
            File = file;
            Db = connection.Handle!;
            Statement = Prepare(sql);
        }

        protected nint DbHandle => Db.DangerousGetHandle();

        protected SQLitePCL.sqlite3_stmt Statement { get; }

        protected InputFile File { get; }

        protected SQLitePCL.sqlite3 Db { get; }

        public override void Write(RowBuffer row)
        {
            Bind(Statement, row, bindValid: true);
            Step(Statement);
        }

        public override void Complete()
        {
        }

        public override void Dispose()
        {
            Statement.Dispose();
            GC.SuppressFinalize(this);
        }

        protected static string Names(InputFile file) => string.Join(", ", file.Columns.Select(c => c.Name));

        protected static string Values(InputFile file) => string.Join(", ", Enumerable.Range(3, file.Columns.Count).Select(i => "?" + i));

        protected SQLitePCL.sqlite3_stmt Prepare(string sql)
        {
            var rc = SQLitePCL.raw.sqlite3_prepare_v2(Db, sql, out var prepared);
            return rc == SQLitePCL.raw.SQLITE_OK ? prepared : throw Failure(rc);
        }

        /// <summary>Binds ?1 = line, ?2 = valid (when the statement has it), ?3… = the columns.</summary>
        protected void Bind(SQLitePCL.sqlite3_stmt stmt, RowBuffer row, bool bindValid)
        {
            var handle = stmt.DangerousGetHandle();
            // Result codes are OR-ed (SQLITE_OK is 0) and checked once per row.
            var rc = UnsafeNativeMethods.sqlite3_bind_int64(handle, 1, row.Line);
            if (bindValid)
            {
                rc |= UnsafeNativeMethods.sqlite3_bind_int64(handle, 2, row.Valid ? 1 : 0);
            }

            rc |= BindColumns(handle, row, 3);
            if (rc != SQLitePCL.raw.SQLITE_OK)
            {
                throw Failure(SQLitePCL.raw.SQLITE_MISUSE);
            }
        }

        /// <summary>Binds the row's columns to parameters <paramref name="first"/>, first + 1, …; the OR of the result codes.</summary>
        protected int BindColumns(nint handle, RowBuffer row, int first)
        {
            var rc = SQLitePCL.raw.SQLITE_OK;
            var columns = File.Columns;
            for (var i = 0; i < columns.Count; i++)
            {
                rc |= BindValue(handle, first + i, columns[i], row, i);
            }

            return rc;
        }

        protected static unsafe int BindValue(nint stmt, int index, Column column, RowBuffer row, int i)
        {
            if (column.IsText)
            {
                if (row.Text[i] is not { } text)
                {
                    return UnsafeNativeMethods.sqlite3_bind_null(stmt, index);
                }

                fixed (char* chars = text)
                {
                    return UnsafeNativeMethods.sqlite3_bind_text16(stmt, index, chars, text.Length * sizeof(char), UnsafeNativeMethods.Transient);
                }
            }

            return row.Number[i] is { } number
                ? UnsafeNativeMethods.sqlite3_bind_int64(stmt, index, number)
                : UnsafeNativeMethods.sqlite3_bind_null(stmt, index);
        }

        protected void Step(SQLitePCL.sqlite3_stmt stmt)
        {
            var rc = StepAndReset(stmt);
            if (rc != SQLitePCL.raw.SQLITE_DONE)
            {
                throw Failure(rc);
            }
        }

        protected static int StepAndReset(SQLitePCL.sqlite3_stmt stmt)
        {
            var handle = stmt.DangerousGetHandle();
            var rc = UnsafeNativeMethods.sqlite3_step(handle);
            // reset repeats step's error, which the caller reports.
            _ = UnsafeNativeMethods.sqlite3_reset(handle);
            return rc;
        }

        protected SqliteException Failure(int rc) => new(SQLitePCL.raw.sqlite3_errmsg(Db).utf8_to_string(), rc);
    }

    /// <summary>
    /// A first load into an empty SQLite table skips the staging copy: rows go straight into the
    /// table, whose primary key turns a duplicate into an ignored insert. Which line has that key
    /// first is found afterwards by reading the file again, on that error path only.
    /// </summary>
    private sealed class SqliteDirectWriter : SqliteStageWriter
    {
        /// <summary>
        /// Rows per execution of the multi-row INSERT: one statement start, one B-tree seek from
        /// the root and one cursor per chunk instead of per row (SQLite appends the following keys
        /// in order without descending again).
        /// </summary>
        private const int ChunkRows = 32;

        private readonly SQLitePCL.sqlite3_stmt stageInvalid;
        private readonly SQLitePCL.sqlite3_stmt chunk;
        private readonly int[] keyIndexes;

        public SqliteDirectWriter(SqliteConnection connection, InputFile file)
            : base(connection, file, $"INSERT OR IGNORE INTO {file.Table} ({Names(file)}) VALUES ({Values(file)})")
        {
            keyIndexes = [.. file.Key.Select(file.IndexOf)];
            stageInvalid = Prepare($"INSERT INTO {file.StageTable} (line, valid, {Names(file)}) VALUES (?1, ?2, {Values(file)})");
            var rows = Enumerable.Range(0, ChunkRows)
                .Select(r => "(" + string.Join(", ", Enumerable.Range(1 + (r * file.Columns.Count), file.Columns.Count).Select(i => "?" + i)) + ")");
            // Without OR IGNORE: a duplicate aborts the statement, whose rows SQLite then takes
            // back, and the chunk goes again row by row, which names the duplicates.
            chunk = Prepare($"INSERT INTO {file.Table} ({Names(file)}) VALUES {string.Join(", ", rows)}");
        }

        public override void Write(ReadOnlySpan<RowBuffer> rows)
        {
            var start = 0;
            for (; start + ChunkRows <= rows.Length; start += ChunkRows)
            {
                var run = rows.Slice(start, ChunkRows);
                if (!TryInsertChunk(run))
                {
                    base.Write(run);
                }
            }

            base.Write(rows[start..]);
        }

        /// <summary>Inserts a chunk of valid rows in one execution; false (nothing written) when a row is invalid or a key is taken.</summary>
        private bool TryInsertChunk(ReadOnlySpan<RowBuffer> run)
        {
            var handle = chunk.DangerousGetHandle();
            var rc = SQLitePCL.raw.SQLITE_OK;
            for (var r = 0; r < run.Length; r++)
            {
                if (!run[r].Valid)
                {
                    return false;
                }

                rc |= BindColumns(handle, run[r], 1 + (r * File.Columns.Count));
            }

            if (rc != SQLitePCL.raw.SQLITE_OK)
            {
                throw Failure(SQLitePCL.raw.SQLITE_MISUSE);
            }

            rc = StepAndReset(chunk);
            if (rc == SQLitePCL.raw.SQLITE_DONE)
            {
                Inserted += run.Length;
                return true;
            }

            return (rc & 0xff) == SQLitePCL.raw.SQLITE_CONSTRAINT ? false : throw Failure(rc);
        }

        public override void Write(RowBuffer row)
        {
            // A row with errors fails the import anyway; it is staged only so that checks of
            // other files find its key instead of reporting it missing.
            if (!row.Valid)
            {
                Bind(stageInvalid, row, bindValid: true);
                Step(stageInvalid);
                return;
            }

            Bind(Statement, row, bindValid: false);
            Step(Statement);
            if (UnsafeNativeMethods.sqlite3_changes(DbHandle) == 1)
            {
                Inserted++;
                return;
            }

            Duplicates.Add((row.Line, ShowKey(File, keyIndexes, row), 0));
        }

        public override void Dispose()
        {
            chunk.Dispose();
            stageInvalid.Dispose();
            base.Dispose();
        }
    }

    /// <summary>A row's key as duplicate messages show it: the stored values, comma-separated.</summary>
    public static string ShowKey(InputFile file, int[] keyIndexes, RowBuffer row) =>
        string.Join(", ", keyIndexes.Select(i => file.Columns[i].IsText ? row.Text[i] : row.Number[i]?.ToString(System.Globalization.CultureInfo.InvariantCulture)));

    /// <summary>
    /// Binary COPY into the staging table, or with <c>direct</c> (a first load, keys dropped) into
    /// the target table itself. Rows with errors never reach the target: a direct writer keeps up
    /// to <see cref="InvalidKept"/> of them and stages them after the COPY (one COPY at a time per
    /// connection), so that checks of other files still find their keys.
    /// </summary>
    private sealed class PostgresStageWriter : StageWriter
    {
        private const int InvalidKept = 100_000;

        private readonly NpgsqlConnection connection;
        private readonly NpgsqlBinaryImporter importer;
        private readonly InputFile file;
        private readonly bool direct;
        private readonly List<RowBuffer> invalid = [];

        public PostgresStageWriter(NpgsqlConnection connection, InputFile file, bool direct)
        {
            this.connection = connection;
            this.file = file;
            this.direct = direct;
            importer = direct
                ? connection.BeginBinaryImport($"COPY {file.Table} ({Names(file)}) FROM STDIN (FORMAT BINARY)")
                : connection.BeginBinaryImport($"COPY {file.StageTable} (line, valid, {Names(file)}) FROM STDIN (FORMAT BINARY)");
        }

        public override void Write(RowBuffer row)
        {
            if (direct && !row.Valid)
            {
                if (invalid.Count < InvalidKept)
                {
                    invalid.Add(row.Copy());
                }

                return;
            }

            WriteRow(importer, row, withLine: !direct);
            Inserted += direct ? 1 : 0;
        }

        public override void Complete()
        {
            importer.Complete();
            // The connection takes the next COPY only once this one is closed.
            importer.Dispose();
            if (invalid.Count > 0)
            {
                using var stage = connection.BeginBinaryImport($"COPY {file.StageTable} (line, valid, {Names(file)}) FROM STDIN (FORMAT BINARY)");
                foreach (var row in invalid)
                {
                    WriteRow(stage, row, withLine: true);
                }

                stage.Complete();
            }
        }

        public override void Dispose() => importer.Dispose();

        private static string Names(InputFile file) => string.Join(", ", file.Columns.Select(c => c.Name));

        private void WriteRow(NpgsqlBinaryImporter target, RowBuffer row, bool withLine)
        {
            target.StartRow();
            if (withLine)
            {
                target.Write(row.Line, NpgsqlDbType.Bigint);
                target.Write((short)(row.Valid ? 1 : 0), NpgsqlDbType.Smallint);
            }

            for (var i = 0; i < file.Columns.Count; i++)
            {
                if (file.Columns[i].IsText)
                {
                    if (row.Text[i] is { } text)
                    {
                        target.Write(text, NpgsqlDbType.Text);
                    }
                    else
                    {
                        target.WriteNull();
                    }
                }
                else if (row.Number[i] is { } number)
                {
                    // Staging columns are all BIGINT; the tables keep flags as SMALLINT and counters as INTEGER.
                    switch (withLine ? ColumnKind.Money : file.Columns[i].Kind)
                    {
                        case ColumnKind.Boolean:
                            target.Write((short)number, NpgsqlDbType.Smallint);
                            break;
                        case ColumnKind.PositiveInteger:
                            target.Write((int)number, NpgsqlDbType.Integer);
                            break;
                        default:
                            target.Write(number, NpgsqlDbType.Bigint);
                            break;
                    }
                }
                else
                {
                    target.WriteNull();
                }
            }
        }
    }
}
