using System.Collections.Concurrent;
using System.Data;
using System.Data.Common;
using Microcredit.Scoring.Storage;

namespace Microcredit.Underwriting.Api;

/// <summary>
/// Connections for API requests, one request at a time each. On SQLite they stay open between
/// requests, so their prepared commands (<see cref="PreparedCommands"/>) are reused; on PostgreSQL
/// a rented connection comes from Npgsql's pool and goes back to it.
/// </summary>
public sealed class HotConnections(Database database) : IAsyncDisposable
{
    /// <summary>Open SQLite connections kept idle at most; a burst beyond it opens and closes extra ones.</summary>
    private const int MaxIdle = 64;

    private readonly ConcurrentBag<DbConnection> idle = [];

    private volatile bool disposed;

    public async ValueTask<DbConnection> RentAsync(CancellationToken cancellationToken)
    {
        if (idle.TryTake(out var kept))
        {
            return kept;
        }

        var connection = await database.OpenAsync(cancellationToken);
        if (database.Engine == DatabaseEngine.Sqlite)
        {
            Unmapped(connection);
            PreparedCommands.Keep(connection);
        }

        return connection;
    }

    /// <summary>
    /// Reads through SQLite's page cache instead of a memory map. Every checkpoint grows the file,
    /// and then each open connection re-maps it (munmap) and faults its pages in again: 11% of the
    /// service's CPU on SQLite at 500 decisions/s (perf), more than the preads that replace it.
    /// </summary>
    internal static void Unmapped(DbConnection connection)
    {
        using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA mmap_size=0";
        command.ExecuteNonQuery();
    }

    public ValueTask ReturnAsync(DbConnection connection)
    {
        if (database.Engine == DatabaseEngine.Sqlite && !disposed && connection.State == ConnectionState.Open && idle.Count < MaxIdle)
        {
            idle.Add(connection);
            return ValueTask.CompletedTask;
        }

        return connection.DisposeAsync();
    }

    public async ValueTask DisposeAsync()
    {
        disposed = true;
        while (idle.TryTake(out var connection))
        {
            await connection.DisposeAsync();
        }
    }
}
