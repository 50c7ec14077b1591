using Microcredit.Scoring.Storage;
using Microcredit.Underwriting.Api;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace Microcredit.Underwriting.Resilience;

/// <summary>
/// A database that cannot be reached or cannot answer in time is the service's outage, not the
/// request's fault and not a bug: 503 problem+json with Retry-After, so clients back off and retry
/// (their Idempotency-Key makes the retry safe). A connection-level failure also empties the
/// PostgreSQL pool, so the requests after the database's return get fresh connections instead of
/// the broken ones. Every other exception stays a 500.
/// </summary>
public sealed partial class DatabaseUnavailable(Database database, ILogger<DatabaseUnavailable> logger) : IExceptionHandler
{
    /// <summary>Seconds a client is asked to wait before retrying.</summary>
    public const int RetryAfterSeconds = 1;

    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        var failure = Classify(exception);
        if (failure == Failure.None)
        {
            return false;
        }

        if (failure == Failure.Connection)
        {
            database.ClearPool();
        }

        // Type and message only: driver messages name the host and the error, never parameters.
        LogUnavailable(logger, exception.GetType().Name, exception.Message);
        httpContext.Response.Headers.RetryAfter = RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        await ApiProblems.Problem(
                StatusCodes.Status503ServiceUnavailable,
                "unavailable",
                "The service is temporarily unavailable.",
                $"The database cannot be reached or did not answer in time; retry in {RetryAfterSeconds} s with the same Idempotency-Key.")
            .ExecuteAsync(httpContext);
        return true;
    }

    /// <summary>What kind of database failure <paramref name="exception"/> (or one it wraps) is.</summary>
    internal static Failure Classify(Exception exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            switch (e)
            {
                case PostgresException postgres:
                    return ClassifyPostgres(postgres.SqlState);
                case NpgsqlException:
                    // Not an error the server sent: the connection broke, could not be opened, or timed out.
                    return Failure.Connection;
                case SqliteException sqlite when sqlite.SqliteErrorCode is SqliteBusy or SqliteLocked:
                    return Failure.Busy;
                case SqliteException sqlite when sqlite.SqliteErrorCode is SqliteIoError or SqliteFull or SqliteCantOpen:
                    return Failure.Connection;
                case TimeoutException:
                    return Failure.Busy;
            }
        }

        return Failure.None;
    }

    /// <summary>
    /// Server errors that mean "not now" rather than "wrong": connection exceptions (class 08),
    /// insufficient resources (53, e.g. too many connections), shutdown and start-up (57P01–57P03),
    /// a cancelled statement (57014, the command timeout), serialization failures and deadlocks
    /// (40001, 40P01), and a lock not available (55P03).
    /// </summary>
    private static Failure ClassifyPostgres(string state) => state switch
    {
        _ when state.StartsWith("08", StringComparison.Ordinal) => Failure.Connection,
        "57P01" or "57P02" or "57P03" => Failure.Connection,
        _ when state.StartsWith("53", StringComparison.Ordinal) => Failure.Busy,
        "57014" or "40001" or "40P01" or "55P03" => Failure.Busy,
        _ => Failure.None,
    };

    internal enum Failure
    {
        None,

        /// <summary>The database answered too late or was locked: retry.</summary>
        Busy,

        /// <summary>The database could not be reached: retry, on a fresh connection.</summary>
        Connection,
    }

    private const int SqliteBusy = 5;
    private const int SqliteLocked = 6;
    private const int SqliteIoError = 10;
    private const int SqliteFull = 13;
    private const int SqliteCantOpen = 14;

    [LoggerMessage(Level = LogLevel.Warning, Message = "Database unavailable, answered 503: {ExceptionType}: {ExceptionMessage}")]
    private static partial void LogUnavailable(ILogger logger, string exceptionType, string exceptionMessage);
}
