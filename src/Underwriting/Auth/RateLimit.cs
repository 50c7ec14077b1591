using Dapper;
using Microcredit.Scoring.Storage;
using Microcredit.Underwriting.Api;

namespace Microcredit.Underwriting.Auth;

/// <summary>
/// Requests per key per minute, counted in fixed one-minute windows in the database so that every
/// instance shares one count. Runs after authentication on every /v1 endpoint.
/// </summary>
public sealed class RateLimit(Database database, WriteGate gate, TimeProvider time) : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        var caller = ApiCaller.From(http.User);
        var now = DbTime.ToDb(time.GetUtcNow());
        var window = now - (now % 60_000);
        long count;
        await using (await gate.EnterAsync(http.RequestAborted))
        {
            await using var connection = await database.OpenAsync(http.RequestAborted);
            await using var transaction = await connection.BeginTransactionAsync(http.RequestAborted);
            count = await connection.ExecuteScalarAsync<long>(new CommandDefinition(
                """
                INSERT INTO rate_windows (key_id, window_start, requests) VALUES (@key, @window, 1)
                ON CONFLICT (key_id, window_start) DO UPDATE SET requests = rate_windows.requests + 1
                RETURNING requests
                """,
                new { key = caller.KeyId, window },
                transaction,
                cancellationToken: http.RequestAborted));
            if (count == 1)
            {
                // The first request of a window clears the key's older windows.
                await connection.ExecuteAsync(new CommandDefinition(
                    "DELETE FROM rate_windows WHERE key_id = @key AND window_start < @window",
                    new { key = caller.KeyId, window },
                    transaction,
                    cancellationToken: http.RequestAborted));
            }

            await transaction.CommitAsync(http.RequestAborted);
        }

        if (count > caller.RequestsPerMinute)
        {
            var retry = (int)Math.Ceiling((window + 60_000 - now) / 1000.0);
            http.Response.Headers.RetryAfter = retry.ToString(System.Globalization.CultureInfo.InvariantCulture);
            return ApiProblems.TooManyRequests($"This key allows {caller.RequestsPerMinute} requests a minute; retry in {retry} s.");
        }

        return await next(context);
    }
}
