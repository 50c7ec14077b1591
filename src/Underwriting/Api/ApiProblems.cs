using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace Microcredit.Underwriting.Api;

/// <summary>
/// RFC 9457 problem documents. Every client error names what was wrong: <c>field</c> (a JSON
/// path like <c>requestedAmount</c> or <c>orderIds[2]</c>, or a header or route value) and, for
/// validation errors, <c>errors</c> keyed by that field.
/// </summary>
public static class ApiProblems
{
    private const string TypeBase = "https://github.com/microcredit/microcredit/blob/main/docs/api.md#";

    public static ProblemHttpResult Field(string field, string message, int status = StatusCodes.Status400BadRequest) =>
        Problem(status, status == StatusCodes.Status400BadRequest ? "invalid-request" : "unprocessable", "The request is invalid.", $"{field}: {message}", field, new Dictionary<string, string[]> { [field] = [message] });

    public static ProblemHttpResult NotFound(string field, string detail) => Problem(StatusCodes.Status404NotFound, "not-found", "Not found.", detail, field);

    public static ProblemHttpResult Forbidden(string field, string detail) => Problem(StatusCodes.Status403Forbidden, "forbidden", "This API key may not act for that merchant.", detail, field);

    public static ProblemHttpResult Conflict(string field, string detail) => Problem(StatusCodes.Status409Conflict, "conflict", "The request conflicts with the current state.", detail, field);

    public static ProblemHttpResult Unauthorized(string detail) => Problem(StatusCodes.Status401Unauthorized, "unauthorized", "A valid API key is required.", detail, "X-Api-Key");

    public static ProblemHttpResult TooManyRequests(string detail) => Problem(StatusCodes.Status429TooManyRequests, "rate-limited", "Too many requests.", detail, "X-Api-Key");

    public static ProblemHttpResult Problem(int status, string type, string title, string detail, string? field = null, Dictionary<string, string[]>? errors = null)
    {
        var problem = new ProblemDetails { Status = status, Type = TypeBase + type, Title = title, Detail = detail };
        if (field is not null)
        {
            problem.Extensions["field"] = field;
        }

        if (errors is not null)
        {
            problem.Extensions["errors"] = errors;
        }

        return TypedResults.Problem(problem);
    }
}
