using System.Data.Common;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace Microcredit.Scoring.Storage;

/// <summary>
/// The configured database: which engine, and how to open a connection to it.
/// One instance per process; it owns the PostgreSQL connection pool.
/// </summary>
public sealed class Database : IDisposable, IAsyncDisposable
{
    /// <summary>The environment variable consulted when no <c>--database</c> is given.</summary>
    public const string EnvironmentVariable = "MICROCREDIT_DATABASE";

    /// <summary>Where the embedded default lives, relative to the working directory.</summary>
    public const string DefaultSqlitePath = "data/microcredit.db";

    private readonly NpgsqlDataSource? postgres;

    private readonly int sqliteBusyMilliseconds;

    private Database(DatabaseEngine engine, string connectionString)
    {
        Engine = engine;
        ConnectionString = connectionString;
        if (engine == DatabaseEngine.Postgres)
        {
            postgres = NpgsqlDataSource.Create(WithPoolDefaults(connectionString));
        }
        else
        {
            // One wait for another writer, whoever retries: SQLite's busy handler and
            // Microsoft.Data.Sqlite's own retry loop both stop after the command timeout.
            var seconds = new SqliteConnectionStringBuilder(connectionString).DefaultTimeout;
            sqliteBusyMilliseconds = seconds == 0 ? int.MaxValue : seconds * 1000;
        }
    }

    public DatabaseEngine Engine { get; }

    public string ConnectionString { get; }

    /// <summary>
    /// Chooses the engine from a setting: <c>Host=…</c> (any Npgsql keyword string with a host) is
    /// PostgreSQL; <c>Data Source=…</c> or a bare file path is SQLite. Null or empty means the
    /// environment variable, then the embedded default. <paramref name="timeouts"/> applies where
    /// the setting names no timeout of its own; without it, the drivers' defaults.
    /// </summary>
    public static Database FromSetting(string? setting, DatabaseTimeouts? timeouts = null)
    {
        if (string.IsNullOrWhiteSpace(setting))
        {
            setting = Environment.GetEnvironmentVariable(EnvironmentVariable);
        }

        if (string.IsNullOrWhiteSpace(setting))
        {
            setting = DefaultSqlitePath;
        }

        setting = setting.Trim();
        var named = Keywords(setting);
        if (IsPostgres(setting))
        {
            if (timeouts is not null)
            {
                var postgresBuilder = new NpgsqlConnectionStringBuilder(setting);
                if (!named.Contains("timeout"))
                {
                    postgresBuilder.Timeout = timeouts.ConnectSeconds;
                }

                if (!named.Contains("commandtimeout"))
                {
                    postgresBuilder.CommandTimeout = timeouts.CommandSeconds;
                }

                setting = postgresBuilder.ConnectionString;
            }

            return new Database(DatabaseEngine.Postgres, setting);
        }

        var builder = setting.Contains('=', StringComparison.Ordinal)
            ? new SqliteConnectionStringBuilder(setting)
            : new SqliteConnectionStringBuilder { DataSource = setting };
        if (string.IsNullOrEmpty(builder.DataSource))
        {
            throw new ArgumentException($"The database setting '{Redact(setting)}' names no SQLite file.", nameof(setting));
        }

        var directory = Path.GetDirectoryName(Path.GetFullPath(builder.DataSource));
        if (!string.IsNullOrEmpty(directory) && builder.DataSource != ":memory:")
        {
            Directory.CreateDirectory(directory);
        }

        builder.ForeignKeys = true;
        builder.Pooling = true;
        if (timeouts is not null && !named.Contains("defaulttimeout") && !named.Contains("commandtimeout"))
        {
            builder.DefaultTimeout = timeouts.CommandSeconds;
        }

        return new Database(DatabaseEngine.Sqlite, builder.ToString());
    }

    /// <summary>
    /// Pool settings for short repeated statements, unless the setting names them. Npgsql prepares
    /// a statement on the server once it has run a few times: PostgreSQL spent about five times
    /// longer planning the API's queries than executing them (1.1 ms against 0.2 ms for the
    /// repayments read). And a connection handed back to the pool is not reset: the reset is seven
    /// statements (RESET ALL, DISCARD TEMP, pg_advisory_unlock_all(), ...) sent ahead of the next
    /// command, and the API opens a few connections per request. Nothing here leaves session state
    /// behind: settings are SET LOCAL, advisory locks are transaction locks, temporary tables are
    /// dropped in their transaction, and an open transaction is still rolled back on close.
    /// </summary>
    private static string WithPoolDefaults(string connectionString)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        if (!Names(connectionString, "Auto Prepare", "AutoPrepare"))
        {
            builder.MaxAutoPrepare = 64;
        }

        if (!Names(connectionString, "No Reset On Close", "NoResetOnClose"))
        {
            builder.NoResetOnClose = true;
        }

        return builder.ConnectionString;
    }

    private static bool Names(string connectionString, string spaced, string joined) =>
        connectionString.Contains(spaced, StringComparison.OrdinalIgnoreCase) || connectionString.Contains(joined, StringComparison.OrdinalIgnoreCase);

    /// <summary>A connection string with its password removed, safe for logs and messages.</summary>
    public string Describe() => Redact(ConnectionString);

    /// <summary>Opens a connection; SQLite connections get WAL, durable commits and a busy timeout.</summary>
    public async Task<DbConnection> OpenAsync(CancellationToken cancellationToken = default)
    {
        if (postgres is not null)
        {
            return await postgres.OpenConnectionAsync(cancellationToken);
        }

        var connection = new SqliteConnection(ConnectionString);
        await connection.OpenAsync(cancellationToken);
        ConfigureSqlite(connection);
        return connection;
    }

    /// <inheritdoc cref="OpenAsync"/>
    public DbConnection Open()
    {
        if (postgres is not null)
        {
            return postgres.OpenConnection();
        }

        var connection = new SqliteConnection(ConnectionString);
        connection.Open();
        ConfigureSqlite(connection);
        return connection;
    }

    /// <summary>
    /// Drops the PostgreSQL pool's idle connections (busy ones close when returned): after the
    /// server restarts they are all broken, and each would fail one more request before the pool
    /// noticed. No-op on SQLite.
    /// </summary>
    public void ClearPool() => postgres?.Clear();

    public void Dispose() => postgres?.Dispose();

    public ValueTask DisposeAsync() => postgres?.DisposeAsync() ?? ValueTask.CompletedTask;

    /// <summary>SQLite handles already configured: the pool hands the same handle out again, and its pragmas stay set.</summary>
    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<SQLitePCL.sqlite3, object> Configured = [];

    private static readonly object Marker = new();

    private void ConfigureSqlite(SqliteConnection connection)
    {
        // Skipping them on a pooled handle saves four statements on every open (the API opens a
        // few connections per request).
        if (connection.Handle is { } handle && Configured.TryGetValue(handle, out _))
        {
            return;
        }

        using var command = connection.CreateCommand();
        // WAL lets readers (the API) run beside a writer (an import); synchronous=FULL makes every
        // commit durable (fsync of the WAL) before it returns. Temporary tables (import staging)
        // live in memory: they never outlast their transaction. Reads go through a memory map: a
        // read transaction after any write starts with an empty page cache, and mapped pages are
        // not copied out of the OS cache again (pread was a tenth of the API's kernel time).
        command.CommandText = $"PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; PRAGMA busy_timeout={sqliteBusyMilliseconds}; PRAGMA temp_store=MEMORY; PRAGMA mmap_size=1073741824;";
        command.ExecuteNonQuery();
        if (connection.Handle is { } configured)
        {
            Configured.AddOrUpdate(configured, Marker);
        }
    }

    /// <summary>The keywords a keyword setting names, lower case without spaces (<c>Command Timeout</c> → <c>commandtimeout</c>).</summary>
    private static HashSet<string> Keywords(string setting) =>
        [.. setting.Split(';', StringSplitOptions.RemoveEmptyEntries)
            .Where(part => part.Contains('=', StringComparison.Ordinal))
            .Select(part => part.Split('=', 2)[0].Replace(" ", "", StringComparison.Ordinal).Trim().ToLowerInvariant())];

    private static bool IsPostgres(string setting)
    {
        if (setting.StartsWith("postgres://", StringComparison.OrdinalIgnoreCase)
            || setting.StartsWith("postgresql://", StringComparison.OrdinalIgnoreCase))
        {
            throw new ArgumentException("Give PostgreSQL as a keyword string (Host=…;Database=…;Username=…), not a URL.");
        }

        if (!setting.Contains('=', StringComparison.Ordinal))
        {
            return false;
        }

        foreach (var part in setting.Split(';', StringSplitOptions.RemoveEmptyEntries))
        {
            var key = part.Split('=', 2)[0].Trim();
            if (key.Equals("Host", StringComparison.OrdinalIgnoreCase) || key.Equals("Server", StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }

    private static string Redact(string setting)
    {
        var parts = setting.Split(';');
        for (var i = 0; i < parts.Length; i++)
        {
            var key = parts[i].Split('=', 2)[0].Trim();
            if (key.Equals("Password", StringComparison.OrdinalIgnoreCase) || key.Equals("Pwd", StringComparison.OrdinalIgnoreCase))
            {
                parts[i] = key + "=***";
            }
        }

        return string.Join(';', parts);
    }
}
