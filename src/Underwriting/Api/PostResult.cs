using System.Data.Common;

namespace Microcredit.Underwriting.Api;

/// <summary>
/// What a POST handler decided before anything is written: a problem (nothing to write), or a
/// response with the writes that make it true. <see cref="Write"/> runs inside the request's one
/// transaction and may still refuse (a conflict found under the lock) by returning a problem.
/// </summary>
public sealed record PostResult(IResult? Problem, int Status, object? Response, Func<DbConnection, DbTransaction, CancellationToken, Task<IResult?>>? Write)
{
    public static PostResult Fail(IResult problem) => new(problem, 0, null, null);

    public static PostResult Created(object response, Func<DbConnection, DbTransaction, CancellationToken, Task<IResult?>> write, int status = StatusCodes.Status201Created) =>
        new(null, status, response, write);
}
