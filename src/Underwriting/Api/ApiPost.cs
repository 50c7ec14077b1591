using System.Text.Json;
using Microcredit.Scoring.Storage;
using Microcredit.Underwriting.Auth;
using Microcredit.Underwriting.Idempotency;

namespace Microcredit.Underwriting.Api;

/// <summary>
/// The one path every POST takes: Idempotency-Key required; a stored response for the same key is
/// replayed (same body) or refused with 422 (another body); the body is parsed strictly; the
/// handler decides; its writes, the idempotency record and the request's rate-limit count commit in
/// one transaction (on SQLite grouped with other requests' by <see cref="WriteGate"/>), before the
/// response is sent. A problem writes nothing but its rate-limit count.
/// </summary>
public sealed class ApiPost(Database database, WriteGate gate, TimeProvider time)
{
    public TimeProvider Time => time;

    public Database Database => database;

    public async Task<IResult> HandleAsync<TRequest>(
        HttpContext http, Func<TRequest, ApiCaller, CancellationToken, Task<PostResult>> decide)
        where TRequest : class
    {
        var cancellationToken = http.RequestAborted;
        var caller = ApiCaller.From(http.User);
        var idempotencyKey = http.Request.Headers[IdempotencyKeys.Header].ToString();
        if (string.IsNullOrWhiteSpace(idempotencyKey))
        {
            return ApiProblems.Field(IdempotencyKeys.Header, "header is required on every POST (a unique value per logical request, e.g. a UUID).");
        }

        if (idempotencyKey.Length > IdempotencyKeys.MaxLength)
        {
            return ApiProblems.Field(IdempotencyKeys.Header, $"is longer than {IdempotencyKeys.MaxLength} characters.");
        }

        var body = await ApiJson.ReadBodyAsync(http.Request, cancellationToken);
        if (body is null)
        {
            return ApiProblems.Problem(StatusCodes.Status413PayloadTooLarge, "too-large", "The body is too large.", $"Bodies are limited to {ApiJson.MaxBodyBytes} bytes.", "body");
        }

        var hash = IdempotencyKeys.HashOf(http.Request.Method, http.Request.Path.Value ?? "", body);
        var stored = OneTripKeyCheck.LookedUp(http, idempotencyKey, out var found)
            ? found
            : await IdempotencyKeys.FindAsync(await RequestConnection.GetAsync(http), null, caller.KeyId, idempotencyKey, cancellationToken);
        if (stored is not null)
        {
            return Replay(http, stored, hash);
        }

        var problem = ApiJson.TryParse<TRequest>(body, out var request);
        if (problem is not null)
        {
            return problem;
        }

        var result = await decide(request!, caller, cancellationToken);
        if (result.Problem is not null)
        {
            return result.Problem;
        }

        // Serialized here, off the SQLite writer (one task for every request's writes), unless only
        // the write can tell the response.
        var json = result.ByWrite ? "" : result.Json ?? JsonSerializer.Serialize(result.Response, ApiJson.Options);
        var charge = RateLimit.PendingCharge(http);
        if (database.Engine == DatabaseEngine.Postgres && result.Statement is { } statement && charge is null)
        {
            return await InsertInOneTripAsync(http, caller.KeyId, idempotencyKey, hash, result, json, statement, cancellationToken);
        }

        IResult? refused = null;
        long? counted = null;
        var kept = await gate.CommitAsync(
            async (connection, transaction, token) =>
            {
                refused = await result.Write!(connection, transaction, token);
                if (refused is not null)
                {
                    return false;
                }

                if (result.ByWrite)
                {
                    json = JsonSerializer.Serialize(result.ResponseToSend, ApiJson.Options);
                }

                var record = new IdempotencyRecord(hash, result.Status, json);
                if (!await IdempotencyKeys.TryInsertAsync(connection, transaction, caller.KeyId, idempotencyKey, record, time.GetUtcNow(), token))
                {
                    return false;
                }

                if (charge is not null)
                {
                    counted = await RateLimit.ChargeAsync(connection, transaction, charge, token);
                    if (counted > caller.RequestsPerMinute)
                    {
                        // Other processes on the same SQLite file used the window up meanwhile: this
                        // request's writes roll back with its savepoint.
                        refused = RateLimit.OverLimit(http, caller, charge.Window, DbTime.ToDb(time.GetUtcNow()));
                        return false;
                    }
                }

                return true;
            },
            cancellationToken,
            await RequestConnection.GetAsync(http));
        if (refused is not null)
        {
            return refused;
        }

        if (!kept)
        {
            // Another request with the same key committed first: answer as it did.
            var winner = await IdempotencyKeys.FindAsync(await RequestConnection.GetAsync(http), null, caller.KeyId, idempotencyKey, cancellationToken);
            return Replay(http, winner!, hash);
        }

        if (counted is { } count)
        {
            charge!.Charged(count);
        }
        return Results.Text(json, "application/json", System.Text.Encoding.UTF8, result.Status);
    }

    /// <summary>
    /// The handler's inserts and the idempotency record in one round trip on PostgreSQL, instead of
    /// three (the write, the record, the commit); a key another request committed first: that
    /// request's answer is replayed.
    /// </summary>
    private async Task<IResult> InsertInOneTripAsync(
        HttpContext http, string keyId, string idempotencyKey, string hash, PostResult result, string json, PostStatement statement, CancellationToken cancellationToken)
    {
        var connection = await RequestConnection.GetAsync(http);
        if (!await IdempotencyKeys.TryInsertWithAsync(connection, statement, keyId, idempotencyKey, new IdempotencyRecord(hash, result.Status, json), time.GetUtcNow(), cancellationToken))
        {
            var winner = await IdempotencyKeys.FindAsync(connection, null, keyId, idempotencyKey, cancellationToken);
            return Replay(http, winner!, hash);
        }

        return Results.Text(json, "application/json", System.Text.Encoding.UTF8, result.Status);
    }

    private static IResult Replay(HttpContext http, IdempotencyRecord stored, string hash)
    {
        if (stored.RequestHash != hash)
        {
            return ApiProblems.Field(IdempotencyKeys.Header, "was already used with a different request body; use a new key for a new request.", StatusCodes.Status422UnprocessableEntity);
        }

        http.Response.Headers["Idempotent-Replayed"] = "true";
        return Results.Text(stored.Response, "application/json", System.Text.Encoding.UTF8, (int)stored.StatusCode);
    }
}
