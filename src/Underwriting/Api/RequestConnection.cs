using System.Data.Common;

namespace Microcredit.Underwriting.Api;

/// <summary>
/// The one connection of an API request: rented on first use (authentication, usually) and shared
/// by everything the request reads, handed back when the response is done. A request used to
/// open four, each a pool round trip, and on SQLite each with its statements prepared anew.
/// </summary>
public static class RequestConnection
{
    private static readonly object Key = new();

    public static async ValueTask<DbConnection> GetAsync(HttpContext http)
    {
        if (http.Items.TryGetValue(Key, out var item) && item is Lease lease)
        {
            return lease.Connection;
        }

        var pool = http.RequestServices.GetRequiredService<HotConnections>();
        var connection = await pool.RentAsync(http.RequestAborted);
        lease = new Lease(pool, connection);
        http.Items[Key] = lease;
        http.Response.RegisterForDisposeAsync(lease);
        return connection;
    }

    private sealed class Lease(HotConnections pool, DbConnection connection) : IAsyncDisposable
    {
        public DbConnection Connection { get; } = connection;

        public ValueTask DisposeAsync() => pool.ReturnAsync(Connection);
    }
}
