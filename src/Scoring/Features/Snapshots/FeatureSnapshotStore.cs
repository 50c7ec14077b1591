using System.Data;
using System.Data.Common;
using System.Text;
using Dapper;
using Microcredit.Scoring.Storage;

namespace Microcredit.Scoring.Features.Snapshots;

/// <summary>
/// Stores and reads feature snapshots (tables of migration 0002): a header row per
/// (feature-set version, as-of date) and one wide row per merchant. Saving a date again replaces
/// it in one transaction, so a rebuild is idempotent and readers never see half a snapshot.
/// </summary>
public static class FeatureSnapshotStore
{
    // Rows per INSERT. PostgreSQL: 200 rows (~9,000 parameters, below its 65,535) cut round trips
    // 200-fold. SQLite has no round trips, and Microsoft.Data.Sqlite binds each parameter by a
    // name lookup that scans the statement's parameters, quadratic in their number: one row each.
    private static int BatchRows(DatabaseEngine engine) => engine == DatabaseEngine.Postgres ? 200 : 1;

    private static readonly string ColumnList = string.Join(", ", FeatureCatalog.All.Select(f => f.Column));

    /// <summary>Replaces the snapshot of <paramref name="matrix"/>'s as-of date for the current feature-set version.</summary>
    public static async Task SaveAsync(Database database, FeatureMatrix matrix, TimeProvider time, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(database);
        ArgumentNullException.ThrowIfNull(matrix);
        ArgumentNullException.ThrowIfNull(time);
        var key = new { Version = FeatureCatalog.Version, AsOf = DbTime.ToDb(matrix.AsOf) };
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(
            "DELETE FROM feature_rows WHERE feature_set_version = @Version AND as_of = @AsOf", key, transaction, cancellationToken: cancellationToken));
        await connection.ExecuteAsync(new CommandDefinition(
            "DELETE FROM feature_snapshots WHERE feature_set_version = @Version AND as_of = @AsOf", key, transaction, cancellationToken: cancellationToken));
        await connection.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO feature_snapshots (feature_set_version, as_of, built_at, merchant_count)
            VALUES (@Version, @AsOf, @BuiltAt, @Count)
            """,
            new { key.Version, key.AsOf, BuiltAt = DbTime.ToDb(time.GetUtcNow()), Count = (long)matrix.RowCount },
            transaction,
            cancellationToken: cancellationToken));

        // A prepared multi-row INSERT reused for every full batch (and one for the remainder).
        // Built on the ADO command directly: Dapper's DynamicParameters checks each new name
        // against the whole collection, quadratic at ~9,400 parameters per statement.
        DbCommand? full = null;
        var batchRows = BatchRows(database.Engine);
        try
        {
            for (var start = 0; start < matrix.RowCount; start += batchRows)
            {
                var count = Math.Min(batchRows, matrix.RowCount - start);
                var command = count == batchRows
                    ? full ??= await PrepareInsertAsync(connection, transaction, key.AsOf, count, cancellationToken)
                    : await PrepareInsertAsync(connection, transaction, key.AsOf, count, cancellationToken);
                var p = 2;
                for (var r = 0; r < count; r++)
                {
                    command.Parameters[p++].Value = matrix.MerchantIds[start + r];
                    var row = matrix.Row(start + r);
                    for (var f = 0; f < row.Length; f++)
                    {
                        command.Parameters[p++].Value = double.IsNaN(row[f])
                            ? DBNull.Value
                            : FeatureCatalog.All[f].Kind == FeatureKind.Real ? row[f] : FeatureValues.ToInteger(row[f])!.Value;
                    }
                }

                await command.ExecuteNonQueryAsync(cancellationToken);
                if (command != full)
                {
                    await command.DisposeAsync();
                }
            }
        }
        finally
        {
            if (full is not null)
            {
                await full.DisposeAsync();
            }
        }

        await transaction.CommitAsync(cancellationToken);
    }

    /// <summary>The stored snapshot of a date for the current feature-set version, or null.</summary>
    public static async Task<FeatureMatrix?> LoadAsync(Database database, DateOnly asOf, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(database);
        var key = new { Version = FeatureCatalog.Version, AsOf = DbTime.ToDb(asOf) };
        await using var connection = await database.OpenAsync(cancellationToken);
        var header = await connection.ExecuteScalarAsync<long?>(new CommandDefinition(
            "SELECT merchant_count FROM feature_snapshots WHERE feature_set_version = @Version AND as_of = @AsOf", key, cancellationToken: cancellationToken));
        if (header is null)
        {
            return null;
        }

        var rows = new List<(string Merchant, double[] Values)>();
        await using (var reader = await connection.ExecuteReaderAsync(new CommandDefinition(
            $"SELECT merchant_id, {ColumnList} FROM feature_rows WHERE feature_set_version = @Version AND as_of = @AsOf", key, cancellationToken: cancellationToken)))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                rows.Add((reader.GetString(0), ReadValues(reader)));
            }
        }

        // Ordinal order in memory: the engines' text collations may differ.
        rows.Sort((a, b) => string.CompareOrdinal(a.Merchant, b.Merchant));
        var values = new double[rows.Count * FeatureCatalog.Count];
        for (var r = 0; r < rows.Count; r++)
        {
            rows[r].Values.CopyTo(values, r * FeatureCatalog.Count);
        }

        return new FeatureMatrix(asOf, [.. rows.Select(r => r.Merchant)], values);
    }

    /// <summary>
    /// One merchant's row of the latest snapshot taken on or before <paramref name="onOrBefore"/>
    /// (current feature-set version): its as-of date and values in catalog order, or null when no
    /// snapshot holds the merchant.
    /// </summary>
    public static async Task<(DateOnly AsOf, double[] Values)?> LatestRowAsync(
        DbConnection connection, string merchantId, DateOnly onOrBefore, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(connection);
        await using var reader = await connection.ExecuteReaderAsync(new CommandDefinition(
            $"""
            SELECT as_of, {ColumnList} FROM feature_rows
            WHERE merchant_id = @merchantId AND feature_set_version = @Version AND as_of <= @onOrBefore
            ORDER BY as_of DESC LIMIT 1
            """,
            new { merchantId, FeatureCatalog.Version, onOrBefore = DbTime.ToDb(onOrBefore) },
            cancellationToken: cancellationToken));
        if (!await reader.ReadAsync(cancellationToken))
        {
            return null;
        }

        return (DbTime.DateFromDb(reader.GetString(0)), ReadValues(reader));
    }

    /// <summary>
    /// The read of <see cref="LatestRowAsync"/> (parameters @merchantId, @Version: <see cref="FeatureCatalog.Version"/>,
    /// @onOrBefore: the date as stored), to run in a batch of the caller's; <see cref="ReadLatestRowAsync"/> reads its result.
    /// </summary>
    public static readonly string LatestRowSql = $"""
        SELECT as_of, {ColumnList} FROM feature_rows
        WHERE merchant_id = @merchantId AND feature_set_version = @Version AND as_of <= @onOrBefore
        ORDER BY as_of DESC LIMIT 1
        """;

    /// <summary>The row of <see cref="LatestRowSql"/>, the reader on its result; null when there is none.</summary>
    public static async Task<(DateOnly AsOf, double[] Values)?> ReadLatestRowAsync(DbDataReader reader, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(reader);
        return await reader.ReadAsync(cancellationToken) ? (DbTime.DateFromDb(reader.GetString(0)), ReadValues(reader)) : null;
    }

    /// <summary>The as-of dates stored for the current feature-set version, ascending.</summary>
    public static async Task<IReadOnlyList<DateOnly>> DatesAsync(Database database, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(database);
        await using var connection = await database.OpenAsync(cancellationToken);
        var dates = await connection.QueryAsync<string>(new CommandDefinition(
            "SELECT as_of FROM feature_snapshots WHERE feature_set_version = @Version", new { FeatureCatalog.Version }, cancellationToken: cancellationToken));
        return [.. dates.Select(DbTime.DateFromDb).Order()];
    }

    private static double[] ReadValues(DbDataReader reader)
    {
        var values = new double[FeatureCatalog.Count];
        for (var f = 0; f < values.Length; f++)
        {
            var ordinal = f + 1;
            values[f] = reader.IsDBNull(ordinal)
                ? double.NaN
                : FeatureCatalog.All[f].Kind == FeatureKind.Real ? reader.GetDouble(ordinal) : reader.GetInt64(ordinal);
        }

        return values;
    }

    private static async Task<DbCommand> PrepareInsertAsync(DbConnection connection, DbTransaction transaction, string asOf, int rows, CancellationToken cancellationToken)
    {
        var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = InsertSql(rows);
        Add(command, "v", DbType.Int32, FeatureCatalog.Version);
        Add(command, "d", DbType.String, asOf);
        for (var r = 0; r < rows; r++)
        {
            Add(command, $"m{r}", DbType.String, "");
            foreach (var f in FeatureCatalog.All)
            {
                Add(command, $"p{r}_{(int)f.Id}", f.Kind == FeatureKind.Real ? DbType.Double : DbType.Int64, DBNull.Value);
            }
        }

        await command.PrepareAsync(cancellationToken);
        return command;
    }

    private static void Add(DbCommand command, string name, DbType type, object value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.DbType = type;
        parameter.Value = value;
        command.Parameters.Add(parameter);
    }

    private static string InsertSql(int rows)
    {
        // Column names come from the compiled catalog and placeholders from counters: no input reaches the text.
        var sql = new StringBuilder($"INSERT INTO feature_rows (feature_set_version, as_of, merchant_id, {ColumnList}) VALUES ");
        for (var r = 0; r < rows; r++)
        {
            sql.Append(r == 0 ? "(" : ", (").Append("@v, @d, @m").Append(r);
            for (var f = 0; f < FeatureCatalog.Count; f++)
            {
                sql.Append(", @p").Append(r).Append('_').Append(f);
            }

            sql.Append(')');
        }

        return sql.ToString();
    }
}
