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

    /// <summary>
    /// CPU used so far by the server processes serving the bench's database, by pid (from
    /// /proc/PID/stat: utime + stime), when the server runs on this machine; empty otherwise.
    /// </summary>
    public static async Task<Dictionary<int, double>> BackendCpuAsync(string setting)
    {
        var cpu = new Dictionary<int, double>();
        await using var connection = new NpgsqlConnection(setting);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()", connection);
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            var pid = reader.GetInt32(0);
            var path = $"/proc/{pid}/stat";
            if (File.Exists(path))
            {
                try
                {
                    // Fields after the ")" that closes the command name: state is field 3, utime 14, stime 15.
                    var text = await File.ReadAllTextAsync(path);
                    var fields = text[(text.LastIndexOf(')') + 2)..].Split(' ');
                    cpu[pid] = (long.Parse(fields[11], System.Globalization.CultureInfo.InvariantCulture) + long.Parse(fields[12], System.Globalization.CultureInfo.InvariantCulture)) * 10.0;
                }
                catch (IOException)
                {
                }
            }
        }

        return cpu;
    }
}
