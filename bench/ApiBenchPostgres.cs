using Npgsql;

namespace Microcredit.Bench;

/// <summary>The bench's PostgreSQL schema: the database is created when missing, the schema (re)created unless reused.</summary>
internal static class ApiBenchPostgres
{
    /// <summary>The connection setting with <c>Search Path</c> on <paramref name="schema"/>.</summary>
    public static async Task<string> SchemaAsync(string connectionString, string schema, bool drop)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        await EnsureDatabaseAsync(builder);
        await using (var connection = new NpgsqlConnection(builder.ConnectionString))
        {
            await connection.OpenAsync();
            // The schema name is the bench's own constant, not input: identifiers cannot be parameters.
            var sql = drop ? $"DROP SCHEMA IF EXISTS {schema} CASCADE; CREATE SCHEMA {schema}" : $"CREATE SCHEMA IF NOT EXISTS {schema}";
            await using var command = new NpgsqlCommand(sql, connection);
            await command.ExecuteNonQueryAsync();
        }

        builder.SearchPath = schema;
        return builder.ConnectionString;
    }

    private static async Task EnsureDatabaseAsync(NpgsqlConnectionStringBuilder builder)
    {
        var name = builder.Database ?? "postgres";
        var admin = new NpgsqlConnectionStringBuilder(builder.ConnectionString) { Database = "postgres", Pooling = false };
        await using var connection = new NpgsqlConnection(admin.ConnectionString);
        await connection.OpenAsync();
        await using var exists = new NpgsqlCommand("SELECT count(*) FROM pg_database WHERE datname = @name", connection);
        exists.Parameters.AddWithValue("name", name);
        if ((long)(await exists.ExecuteScalarAsync())! == 0)
        {
            await using var create = new NpgsqlCommand($"CREATE DATABASE \"{name.Replace("\"", "\"\"", StringComparison.Ordinal)}\"", connection);
            await create.ExecuteNonQueryAsync();
        }
    }
}
