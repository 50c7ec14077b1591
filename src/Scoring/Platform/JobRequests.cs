using System.Data.Common;
using Dapper;
using Microcredit.Scoring.Storage;

namespace Microcredit.Scoring.Platform;

/// <summary>
/// "Run now" requests (<c>job_requests</c>, migration 0014): the dashboard records one, a job
/// worker claims it — a conditional UPDATE from 'pending', so of several workers exactly one gets
/// it — fires the job, and finishes it with the run's outcome. Statuses: pending → claimed →
/// succeeded or failed.
/// </summary>
public static class JobRequests
{
    public const string Pending = "pending";
    public const string Claimed = "claimed";
    public const string Succeeded = "succeeded";
    public const string Failed = "failed";

    /// <summary>A request as stored (instants in Unix ms).</summary>
    public sealed record Request(
        string RequestId,
        string Job,
        string? AsOf,
        string RequestedBy,
        long RequestedAt,
        string Status,
        string? ClaimedBy,
        long? ClaimedAt,
        long? FinishedAt,
        string? RunId,
        string? Error);

    /// <summary>
    /// Records a request for <paramref name="job"/> unless one for it is still pending (a second
    /// press before a worker took the first); returns the new request's id, or null when one was
    /// pending. A request made while the job runs for an earlier one waits for that run to end.
    /// <paramref name="asOf"/> is the date to run for; null means the worker's today.
    /// </summary>
    public static async Task<string?> AddAsync(
        DbConnection connection, DbTransaction transaction, string job, DateOnly? asOf, string requestedBy, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(job);
        ArgumentException.ThrowIfNullOrEmpty(requestedBy);
        var id = Ids.New("req_");
        var added = await connection.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO job_requests (request_id, job, as_of, requested_by, requested_at, status)
            SELECT @id, @job, @asOf, @requestedBy, @at, 'pending'
            WHERE NOT EXISTS (SELECT 1 FROM job_requests WHERE job = @job AND status = 'pending')
            """,
            new { id, job, asOf = asOf is { } day ? DbTime.ToDb(day) : null, requestedBy, at = DbTime.ToDb(now) },
            transaction,
            cancellationToken: cancellationToken));
        return added == 1 ? id : null;
    }

    /// <summary>The pending requests, oldest first (at most <paramref name="limit"/>).</summary>
    public static async Task<IReadOnlyList<Request>> PendingAsync(DbConnection connection, int limit, CancellationToken cancellationToken = default) =>
        [.. await connection.QueryAsync<Request>(new CommandDefinition(
            $"SELECT {Columns} FROM job_requests WHERE status = 'pending' ORDER BY requested_at, request_id LIMIT @limit",
            new { limit },
            cancellationToken: cancellationToken))];

    /// <summary>Takes a pending request for <paramref name="worker"/>; false when another worker took it first (or it is not pending).</summary>
    public static async Task<bool> ClaimAsync(DbConnection connection, string requestId, string worker, DateTimeOffset now, CancellationToken cancellationToken = default) =>
        await connection.ExecuteAsync(new CommandDefinition(
            "UPDATE job_requests SET status = 'claimed', claimed_by = @worker, claimed_at = @at WHERE request_id = @requestId AND status = 'pending'",
            new { requestId, worker, at = DbTime.ToDb(now) },
            cancellationToken: cancellationToken)) == 1;

    /// <summary>Finishes a claimed request with its run's outcome (<see cref="Succeeded"/> or <see cref="Failed"/>).</summary>
    public static async Task FinishAsync(
        DbConnection connection, string requestId, string status, string? runId, string? error, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNotEqual(status is Succeeded or Failed, true, nameof(status));
        await connection.ExecuteAsync(new CommandDefinition(
            "UPDATE job_requests SET status = @status, run_id = @runId, error = @error, finished_at = @at WHERE request_id = @requestId AND status = 'claimed'",
            new { requestId, status, runId, error, at = DbTime.ToDb(now) },
            cancellationToken: cancellationToken));
    }

    /// <summary>The open requests (pending or claimed) and the latest others, newest first, at most <paramref name="limit"/> in all.</summary>
    public static async Task<IReadOnlyList<Request>> RecentAsync(DbConnection connection, int limit, CancellationToken cancellationToken = default) =>
        [.. await connection.QueryAsync<Request>(new CommandDefinition(
            $"""
            SELECT {Columns} FROM job_requests
            ORDER BY CASE WHEN status IN ('pending', 'claimed') THEN 0 ELSE 1 END, requested_at DESC, request_id
            LIMIT @limit
            """,
            new { limit },
            cancellationToken: cancellationToken))];

    private const string Columns = """
        request_id AS RequestId, job AS Job, as_of AS AsOf, requested_by AS RequestedBy, requested_at AS RequestedAt,
        status AS Status, claimed_by AS ClaimedBy, claimed_at AS ClaimedAt, finished_at AS FinishedAt, run_id AS RunId, error AS Error
        """;
}
