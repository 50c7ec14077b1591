using System.Data.Common;
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
    public static StageWriter Create(DbConnection connection, DbTransaction transaction, InputFile file) => connection switch
    {
        NpgsqlConnection postgres => new PostgresStageWriter(postgres, file),
        SqliteConnection sqlite when transaction is SqliteTransaction => new SqliteStageWriter(sqlite, file),
        _ => throw new NotSupportedException(connection.GetType().Name),
    };

    public abstract void Write(RowBuffer row);

    /// <summary>Flushes what is buffered; the rows are then visible to queries in the transaction.</summary>
    public abstract void Complete();

    public abstract void Dispose();

    /// <summary>
    /// Binds through SQLitePCLRaw on the connection's own handle (so inside its transaction):
    /// no boxing and no per-execution bookkeeping, which at millions of rows is most of the cost
    /// of <see cref="SqliteCommand"/>.
    /// </summary>
    private sealed class SqliteStageWriter : StageWriter
    {
        private readonly SQLitePCL.sqlite3 db;
        private readonly SQLitePCL.sqlite3_stmt statement;
        private readonly InputFile file;

        public SqliteStageWriter(SqliteConnection connection, InputFile file)
        {
            this.file = file;
            db = connection.Handle!;
            var names = string.Join(", ", file.Columns.Select(c => c.Name));
            var values = string.Join(", ", Enumerable.Range(3, file.Columns.Count).Select(i => "?" + i));
            var sql = $"INSERT INTO {file.StageTable} (line, valid, {names}) VALUES (?1, ?2, {values})";
            Check(SQLitePCL.raw.sqlite3_prepare_v2(db, sql, out statement));
        }

        public override void Write(RowBuffer row)
        {
            var stmt = statement;
            SQLitePCL.raw.sqlite3_bind_int64(stmt, 1, row.Line);
            SQLitePCL.raw.sqlite3_bind_int64(stmt, 2, row.Valid ? 1 : 0);
            for (var i = 0; i < file.Columns.Count; i++)
            {
                var index = i + 3;
                if (file.Columns[i].IsText)
                {
                    if (row.Text[i] is { } text)
                    {
                        SQLitePCL.raw.sqlite3_bind_text16(stmt, index, text.AsSpan());
                    }
                    else
                    {
                        SQLitePCL.raw.sqlite3_bind_null(stmt, index);
                    }
                }
                else if (row.Number[i] is { } number)
                {
                    SQLitePCL.raw.sqlite3_bind_int64(stmt, index, number);
                }
                else
                {
                    SQLitePCL.raw.sqlite3_bind_null(stmt, index);
                }
            }

            if (SQLitePCL.raw.sqlite3_step(stmt) != SQLitePCL.raw.SQLITE_DONE)
            {
                throw new SqliteException(SQLitePCL.raw.sqlite3_errmsg(db).utf8_to_string(), SQLitePCL.raw.sqlite3_errcode(db));
            }

            SQLitePCL.raw.sqlite3_reset(stmt);
        }

        public override void Complete()
        {
        }

        public override void Dispose() => statement.Dispose();

        private void Check(int rc)
        {
            if (rc != SQLitePCL.raw.SQLITE_OK)
            {
                throw new SqliteException(SQLitePCL.raw.sqlite3_errmsg(db).utf8_to_string(), rc);
            }
        }
    }

    private sealed class PostgresStageWriter : StageWriter
    {
        private readonly NpgsqlBinaryImporter importer;
        private readonly InputFile file;

        public PostgresStageWriter(NpgsqlConnection connection, InputFile file)
        {
            this.file = file;
            var names = string.Join(", ", file.Columns.Select(c => c.Name));
            importer = connection.BeginBinaryImport($"COPY {file.StageTable} (line, valid, {names}) FROM STDIN (FORMAT BINARY)");
        }

        public override void Write(RowBuffer row)
        {
            importer.StartRow();
            importer.Write(row.Line, NpgsqlDbType.Bigint);
            importer.Write((short)(row.Valid ? 1 : 0), NpgsqlDbType.Smallint);
            for (var i = 0; i < file.Columns.Count; i++)
            {
                if (file.Columns[i].IsText)
                {
                    if (row.Text[i] is { } text)
                    {
                        importer.Write(text, NpgsqlDbType.Text);
                    }
                    else
                    {
                        importer.WriteNull();
                    }
                }
                else if (row.Number[i] is { } number)
                {
                    importer.Write(number, NpgsqlDbType.Bigint);
                }
                else
                {
                    importer.WriteNull();
                }
            }
        }

        public override void Complete() => importer.Complete();

        public override void Dispose() => importer.Dispose();
    }
}
