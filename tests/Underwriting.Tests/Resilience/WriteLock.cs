using System.Data.Common;
using Dapper;
using Microcredit.Scoring.Storage;
using Microcredit.Tests;

namespace Microcredit.Underwriting.Tests.Resilience;

/// <summary>
/// Another process's write transaction, held until disposed: on SQLite the file's write lock
/// (BEGIN IMMEDIATE; readers go on), on PostgreSQL an exclusive lock on <c>rate_windows</c>,
/// which every /v1 request writes before its handler runs (a POST on SQLite writes it at commit).
/// </summary>
internal sealed class WriteLock : IAsyncDisposable
{
    private readonly DbConnection connection;

    private WriteLock(DbConnection connection) => this.connection = connection;

    public static async Task<WriteLock> HoldAsync(TestDatabase database)
    {
        var connection = await database.Database.OpenAsync();
        await connection.ExecuteAsync(database.Engine == DatabaseEngine.Sqlite
            ? "BEGIN IMMEDIATE"
            : "BEGIN; LOCK TABLE rate_windows IN ACCESS EXCLUSIVE MODE");
        return new WriteLock(connection);
    }

    public async ValueTask DisposeAsync()
    {
        await connection.ExecuteAsync("ROLLBACK");
        await connection.DisposeAsync();
    }
}
