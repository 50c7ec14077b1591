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
        SqliteConnection sqlite => new SqliteStageWriter(sqlite, (SqliteTransaction)transaction, file),
        _ => throw new NotSupportedException(connection.GetType().Name),
    };

    public abstract void Write(RowBuffer row);

    /// <summary>Flushes what is buffered; the rows are then visible to queries in the transaction.</summary>
    public abstract void Complete();

    public abstract void Dispose();

    private sealed class SqliteStageWriter : StageWriter
    {
        private readonly SqliteCommand command;
        private readonly SqliteParameter[] parameters;
        private readonly InputFile file;

        public SqliteStageWriter(SqliteConnection connection, SqliteTransaction transaction, InputFile file)
        {
            this.file = file;
            var names = string.Join(", ", file.Columns.Select(c => c.Name));
            var values = string.Join(", ", file.Columns.Select((_, i) => "$p" + i));
            command = connection.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = $"INSERT INTO {file.StageTable} (line, valid, {names}) VALUES ($line, $valid, {values})";
            parameters = new SqliteParameter[file.Columns.Count + 2];
            parameters[0] = command.Parameters.Add("$line", SqliteType.Integer);
            parameters[1] = command.Parameters.Add("$valid", SqliteType.Integer);
            for (var i = 0; i < file.Columns.Count; i++)
            {
                parameters[i + 2] = command.Parameters.Add("$p" + i, file.Columns[i].IsText ? SqliteType.Text : SqliteType.Integer);
            }

            command.Prepare();
        }

        public override void Write(RowBuffer row)
        {
            parameters[0].Value = row.Line;
            parameters[1].Value = row.Valid ? 1 : 0;
            for (var i = 0; i < file.Columns.Count; i++)
            {
                parameters[i + 2].Value = file.Columns[i].IsText ? row.Text[i] ?? (object)DBNull.Value : row.Number[i] ?? (object)DBNull.Value;
            }

            command.ExecuteNonQuery();
        }

        public override void Complete()
        {
        }

        public override void Dispose() => command.Dispose();
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
