using System.Collections.Concurrent;
using System.Data.Common;
using Dapper;
using Microcredit.Scoring.Storage;
using Microcredit.Underwriting.Api;

namespace Microcredit.Underwriting.Auth;

/// <summary>
/// Requests per key per minute, counted in fixed one-minute windows in the database so that every
/// instance shares one count. Runs after authentication on every /v1 endpoint.
/// </summary>
/// <remarks>
/// Counts need not survive a crash (a few lost counts let a key a few requests more), so they never
/// cost a durable commit of their own. On SQLite a POST's count is written in the POST's own
/// transaction (<see cref="ApiPost"/> takes it from <see cref="PendingCharge"/>), which group
/// commit makes durable anyway; a POST that writes nothing (a problem, a replay) is counted on its
/// own afterwards. The POST is checked against the count this process last wrote for the key's
/// window (every write returns the shared count, so other instances' requests are in it), read
/// from the database only when this process has none yet; the count its own write returns is
/// checked again inside the transaction, and a POST over the limit there rolls back with a 429, so
/// processes sharing one file never let a key overshoot. On PostgreSQL the key check counts the
/// request in its own round trip (<see cref="OneTripKeyCheck"/>), committed with synchronous_commit
/// off: all of a key's requests update one row, and holding its lock through a WAL flush would
/// serialize them.
/// </remarks>
public sealed class RateLimit(Database database, WriteGate gate, TimeProvider time) : IEndpointFilter
{
    private readonly ConcurrentDictionary<string, (long Window, long Count)> lastCounts = new(StringComparer.Ordinal);

    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        var caller = ApiCaller.From(http.User);
        var now = DbTime.ToDb(time.GetUtcNow());
        var charge = new Charge(caller.KeyId, WindowOf(now));
        long count;
        if (HttpMethods.IsPost(http.Request.Method) && database.Engine == DatabaseEngine.Sqlite)
        {
            count = 1 + (lastCounts.TryGetValue(charge.KeyId, out var last) && last.Window == charge.Window
                ? last.Count
                : await CountAsync(http, charge));
            if (count <= caller.RequestsPerMinute)
            {
                http.Items[typeof(Charge)] = charge;
                var result = await next(context);
                if (charge.Count is null)
                {
                    await ChargeAloneAsync(http, charge);
                }

                Remember(charge);
                return result;
            }

            await ChargeAloneAsync(http, charge);
            Remember(charge);
        }
        else if (database.Engine == DatabaseEngine.Postgres)
        {
            // The key check counted the request with its own round trip (the endpoint carries Counted).
            charge = OneTripKeyCheck.ChargeOf(http) ?? throw new InvalidOperationException($"A /v1 endpoint without {nameof(Counted)} metadata: the key check did not count it.");
            count = charge.Count!.Value;
        }
        else
        {
            count = await ChargeAloneAsync(http, charge);
        }

        return count > caller.RequestsPerMinute ? OverLimit(http, caller, charge.Window, now) : await next(context);
    }

    /// <summary>Marks the endpoints this filter counts, so that authentication may count them first (<see cref="OneTripKeyCheck"/>).</summary>
    public sealed class Counted;

    /// <summary>The start of the one-minute window holding <paramref name="now"/> (Unix milliseconds).</summary>
    public static long WindowOf(long now) => now - (now % 60_000);

    /// <summary>The 429 for a key over its limit in the window starting at <paramref name="window"/>, with Retry-After.</summary>
    public static IResult OverLimit(HttpContext http, ApiCaller caller, long window, long now)
    {
        var retry = (int)Math.Ceiling((window + 60_000 - now) / 1000.0);
        http.Response.Headers.RetryAfter = retry.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return ApiProblems.TooManyRequests($"This key allows {caller.RequestsPerMinute} requests a minute; retry in {retry} s.");
    }

    /// <summary>The count a POST still owes, for its write transaction; null outside the filter.</summary>
    public static Charge? PendingCharge(HttpContext http) => http.Items.TryGetValue(typeof(Charge), out var charge) ? charge as Charge : null;

    /// <summary>Counts one request in its window inside <paramref name="transaction"/>; returns the window's count.</summary>
    public static async Task<long> ChargeAsync(DbConnection connection, DbTransaction transaction, Charge charge, CancellationToken cancellationToken)
    {
        var count = Convert.ToInt64(await PreparedCommands.Get(
            connection,
            transaction,
            """
            INSERT INTO rate_windows (key_id, window_start, requests) VALUES (@key, @window, 1)
            ON CONFLICT (key_id, window_start) DO UPDATE SET requests = rate_windows.requests + 1
            RETURNING requests
            """,
            ["key", "window"],
            charge.KeyId,
            charge.Window).ExecuteScalarAsync(cancellationToken), System.Globalization.CultureInfo.InvariantCulture);
        if (count == 1)
        {
            await ClearOlderWindowsAsync(connection, transaction, charge, cancellationToken);
        }

        return count;
    }

    /// <summary>Deletes the key's windows before the charge's: the first request of a window does it.</summary>
    public static Task ClearOlderWindowsAsync(DbConnection connection, DbTransaction? transaction, Charge charge, CancellationToken cancellationToken) =>
        connection.ExecuteAsync(new CommandDefinition(
            "DELETE FROM rate_windows WHERE key_id = @key AND window_start < @window",
            new { key = charge.KeyId, window = charge.Window },
            transaction,
            cancellationToken: cancellationToken));

    private static async Task<long> CountAsync(HttpContext http, Charge charge)
    {
        var connection = await RequestConnection.GetAsync(http);
        return await connection.ExecuteScalarAsync<long>(new CommandDefinition(
            "SELECT COALESCE(MAX(requests), 0) FROM rate_windows WHERE key_id = @key AND window_start = @window",
            new { key = charge.KeyId, window = charge.Window },
            cancellationToken: http.RequestAborted));
    }

    /// <summary>Keeps the highest count seen for the key's window (requests finish out of order).</summary>
    private void Remember(Charge charge)
    {
        if (charge.Count is { } count)
        {
            lastCounts.AddOrUpdate(
                charge.KeyId,
                (charge.Window, count),
                (_, last) => last.Window > charge.Window || (last.Window == charge.Window && last.Count >= count) ? last : (charge.Window, count));
        }
    }

    /// <summary>SQLite: counts one request in a write transaction of its own.</summary>
    private async Task<long> ChargeAloneAsync(HttpContext http, Charge charge)
    {
        var cancellationToken = http.RequestAborted;
        var count = 0L;
        await gate.CommitAsync(
            async (connection, transaction, token) =>
            {
                count = await ChargeAsync(connection, transaction, charge, token);
                return true;
            },
            cancellationToken);
        charge.Charged(count);
        return count;
    }

    /// <summary>One request's count: its key and window, and once written, the window's count then.</summary>
    public sealed class Charge(string keyId, long window)
    {
        public string KeyId { get; } = keyId;

        public long Window { get; } = window;

        /// <summary>The window's count after this request was counted; null until it is committed.</summary>
        public long? Count { get; private set; }

        public void Charged(long count) => Count = count;
    }
}
