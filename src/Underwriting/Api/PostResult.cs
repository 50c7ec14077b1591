using System.Data.Common;

namespace Microcredit.Underwriting.Api;

/// <summary>
/// What a POST handler decided before anything is written: a problem (nothing to write), or a
/// response with the writes that make it true. <see cref="Write"/> runs inside the request's one
/// transaction and may still refuse (a conflict found under the lock) by returning a problem.
/// </summary>
public sealed record PostResult(IResult? Problem, int Status, object? Response, Func<DbConnection, DbTransaction, CancellationToken, Task<IResult?>>? Write)
{
    /// <summary>The response already serialized (with <see cref="ApiJson.Options"/>), when the handler stores it too.</summary>
    public string? Json { get; init; }

    public static PostResult Fail(IResult problem) => new(problem, 0, null, null);

    public static PostResult Created(object response, Func<DbConnection, DbTransaction, CancellationToken, Task<IResult?>> write, int status = StatusCodes.Status201Created) =>
        new(null, status, response, write);

    /// <summary>The write as one statement with its parameters, when it is only inserts (<see cref="Inserted"/>).</summary>
    public PostStatement? Statement { get; init; }

    /// <summary>
    /// A response the handler serialized itself (to store it with its record), whose write is
    /// <paramref name="statement"/> alone and cannot refuse. On PostgreSQL it goes to the server in
    /// one command with the idempotency record (<see cref="ApiPost"/>); elsewhere it runs as a write.
    /// </summary>
    public static PostResult Inserted(object response, string json, PostStatement statement) =>
        new(null, StatusCodes.Status201Created, response, async (connection, transaction, cancellationToken) =>
        {
            await PreparedCommands.Get(connection, transaction, statement.Sql, statement.Names, statement.Values).ExecuteNonQueryAsync(cancellationToken);
            return null;
        })
        { Json = json, Statement = statement };

    /// <summary>
    /// A response only the write can tell (a repayment's allocation is known once it is recorded
    /// under the loan's lock): <paramref name="write"/> returns the problem or the response, which
    /// is serialized after it ran, still inside the transaction, and stored with the idempotency record.
    /// </summary>
    public static PostResult CreatedByWrite(Func<DbConnection, DbTransaction, CancellationToken, Task<(IResult? Problem, object? Response)>> write, int status = StatusCodes.Status201Created)
    {
        var written = new Written();
        return new(null, status, written, async (connection, transaction, cancellationToken) =>
        {
            (var problem, written.Response) = await write(connection, transaction, cancellationToken);
            return problem;
        });
    }

    /// <summary>The response to send: <see cref="Response"/>, or what a <see cref="CreatedByWrite"/> write produced.</summary>
    internal object? ResponseToSend => Response is Written written ? written.Response : Response;

    /// <summary>Whether the response exists only once <see cref="Write"/> ran (<see cref="CreatedByWrite"/>).</summary>
    internal bool ByWrite => Response is Written;

    /// <summary>The response of a <see cref="CreatedByWrite"/> result, filled in by its write.</summary>
    private sealed class Written
    {
        public object? Response { get; set; }
    }
}

/// <summary>Inserts as SQL with parameters, names in the order of their values (<see cref="PreparedCommands.Get"/>).</summary>
public sealed record PostStatement(string Sql, string[] Names, object?[] Values);
