using System.Data.Common;
using Dapper;
using Microcredit.Scoring.Storage;

namespace Microcredit.Underwriting.Dashboard.Reviews;

/// <summary>
/// The review queues: decisions referred to review with no final outcome yet, oldest first. The
/// officers' queue holds those not escalated, the supervisors' queue the escalated ones.
/// </summary>
public static class ReviewQueries
{
    /// <summary>Rows a queue page shows at most.</summary>
    public const int PageSize = 50;

    // Constant SQL shared by the page and its count; every value is a parameter.
    private const string Waiting =
        """
        FROM decisions d
        LEFT JOIN review_actions e ON e.decision_id = d.decision_id AND e.action = 'escalate'
        WHERE d.outcome = 'review'
          AND NOT EXISTS (SELECT 1 FROM decision_reviews r WHERE r.decision_id = d.decision_id)
        """;

    private const string Filters =
        """
          AND ((@escalated = 1 AND e.decision_id IS NOT NULL) OR (@escalated = 0 AND e.decision_id IS NULL))
          AND (@product IS NULL OR d.product = @product)
          AND (@grade IS NULL OR d.risk_grade = @grade)
          AND (@merchant IS NULL OR d.merchant_id = @merchant)
          AND d.decided_at >= @from AND d.decided_at <= @until
        """;

    public static async Task<QueuePage> QueueAsync(DbConnection connection, QueueFilter filter, DateTimeOffset now, int page, CancellationToken cancellationToken)
    {
        var parameters = Parameters(filter, now);
        var rows = await connection.QueryAsync<QueueRow>(new CommandDefinition(
            $"""
            SELECT d.decision_id AS DecisionId, d.merchant_id AS MerchantId, d.product AS Product, d.requested_amount AS RequestedAmount,
                   d.approved_amount AS ApprovedAmount, d.credit_limit AS CreditLimit, d.score AS Score, d.pd AS Pd, d.risk_grade AS RiskGrade,
                   d.reasons AS Reasons, d.decided_at AS DecidedAt, d.expires_at AS ExpiresAt,
                   e.officer AS EscalatedBy, e.at AS EscalatedAt, e.note AS EscalationNote
            {Waiting}
            {Filters}
            ORDER BY d.decided_at, d.decision_id
            LIMIT @limit OFFSET @offset
            """,
            new DynamicParameters(parameters).With("limit", PageSize).With("offset", (long)Math.Max(0, page - 1) * PageSize),
            cancellationToken: cancellationToken));
        var total = await connection.ExecuteScalarAsync<long>(new CommandDefinition(
            $"SELECT count(*) {Waiting} {Filters}", parameters, cancellationToken: cancellationToken));
        var counts = await connection.QuerySingleAsync<QueueCounts>(new CommandDefinition(
            $"""
            SELECT coalesce(sum(CASE WHEN e.decision_id IS NULL THEN 1 ELSE 0 END), 0) AS Officers,
                   coalesce(sum(CASE WHEN e.decision_id IS NULL THEN 0 ELSE 1 END), 0) AS Supervisors
            {Waiting}
            """,
            cancellationToken: cancellationToken));
        return new QueuePage([.. rows], total, counts);
    }

    private static DynamicParameters Parameters(QueueFilter filter, DateTimeOffset now)
    {
        var until = DbTime.ToDb(now - TimeSpan.FromDays(filter.MinAgeDays ?? 0));
        if (filter.To is { } to)
        {
            until = Math.Min(until, DbTime.StartOf(to.AddDays(1)) - 1);
        }

        var parameters = new DynamicParameters();
        parameters.Add("escalated", filter.Escalated ? 1 : 0);
        parameters.Add("product", filter.Product, System.Data.DbType.String);
        parameters.Add("grade", filter.Grade, System.Data.DbType.String);
        parameters.Add("merchant", filter.MerchantId, System.Data.DbType.String);
        parameters.Add("from", filter.From is { } from ? DbTime.StartOf(from) : 0L);
        parameters.Add("until", until);
        return parameters;
    }

    private static DynamicParameters With(this DynamicParameters parameters, string name, long value)
    {
        parameters.Add(name, value);
        return parameters;
    }
}

/// <summary>A queue's filters; null means any.</summary>
/// <param name="Escalated">The supervisors' queue (escalated cases) rather than the officers'.</param>
/// <param name="Product">credit or order.</param>
/// <param name="Grade">The decision's risk grade.</param>
/// <param name="MerchantId">One merchant.</param>
/// <param name="MinAgeDays">Waiting at least this many days.</param>
/// <param name="From">Decided on or after this date (UTC).</param>
/// <param name="To">Decided on or before this date (UTC).</param>
public sealed record QueueFilter(bool Escalated, string? Product, string? Grade, string? MerchantId, int? MinAgeDays, DateOnly? From, DateOnly? To);

/// <summary>A case in a queue (money in cents, instants in Unix ms).</summary>
public sealed record QueueRow(
    string DecisionId, string MerchantId, string Product, long? RequestedAmount, long ApprovedAmount, long? CreditLimit, double? Score, double? Pd, string? RiskGrade,
    string Reasons, long DecidedAt, long ExpiresAt, string? EscalatedBy, long? EscalatedAt, string? EscalationNote);

/// <summary>How many cases wait in each queue, whatever the filters.</summary>
public sealed record QueueCounts(long Officers, long Supervisors);

/// <summary>One page of a queue: its rows, how many match the filters, and both queues' sizes.</summary>
public sealed record QueuePage(IReadOnlyList<QueueRow> Rows, long Matching, QueueCounts Counts);
