using System.Data.Common;
using Dapper;
using Microcredit.Scoring.Storage;
using Microcredit.Underwriting.Audit;

namespace Microcredit.Underwriting.Dashboard.Audit;

/// <summary>The audit page's read: events newest first, filtered, one page at a time (keyset: older than the last event shown).</summary>
public static class AuditQueries
{
    public const int PageSize = 100;

    public static async Task<AuditPage> PageAsync(DbConnection connection, AuditFilter filter, CancellationToken cancellationToken)
    {
        var parameters = new DynamicParameters();
        parameters.Add("actor", filter.Actor, System.Data.DbType.String);
        parameters.Add("action", filter.Action, System.Data.DbType.String);
        parameters.Add("actionLength", filter.Action?.Length ?? 0);
        parameters.Add("subject", filter.Subject, System.Data.DbType.String);
        parameters.Add("from", filter.From is { } from ? DbTime.StartOf(from) : long.MinValue);
        parameters.Add("until", filter.To is { } to ? DbTime.StartOf(to.AddDays(1)) : long.MaxValue);
        parameters.Add("beforeAt", filter.Before?.At, System.Data.DbType.Int64);
        parameters.Add("beforeId", filter.Before?.EventId ?? "", System.Data.DbType.String);
        parameters.Add("limit", PageSize + 1);
        // The action filter matches a whole action or its start ("review." for every review action);
        // substr rather than LIKE, so that '_' and '%' in what was typed mean themselves.
        var rows = (await connection.QueryAsync<AuditEvent>(new CommandDefinition(
            """
            SELECT event_id AS EventId, at AS At, actor AS Actor, action AS Action, subject AS Subject, details AS Details
            FROM audit_events
            WHERE (@actor IS NULL OR actor = @actor)
              AND (@action IS NULL OR substr(action, 1, @actionLength) = @action)
              AND (@subject IS NULL OR subject = @subject)
              AND at >= @from AND at < @until
              AND (@beforeAt IS NULL OR at < @beforeAt OR (at = @beforeAt AND event_id < @beforeId))
            ORDER BY at DESC, event_id DESC
            LIMIT @limit
            """,
            parameters,
            cancellationToken: cancellationToken))).ToList();
        var more = rows.Count > PageSize;
        if (more)
        {
            rows.RemoveAt(rows.Count - 1);
        }

        return new AuditPage(rows, more ? new AuditCursor(rows[^1].At, rows[^1].EventId) : null);
    }
}

/// <summary>The audit page's filters; null means any. <paramref name="Before"/> continues after the last event of the previous page.</summary>
public sealed record AuditFilter(string? Actor, string? Action, string? Subject, DateOnly? From, DateOnly? To, AuditCursor? Before);

/// <summary>Where a page ended: the instant and id of its last (oldest) event; written in links as <c>at.eventId</c>.</summary>
public sealed record AuditCursor(long At, string EventId)
{
    public override string ToString() => $"{At}.{EventId}";

    public static AuditCursor? Parse(string? text)
    {
        var dot = text?.IndexOf('.', StringComparison.Ordinal) ?? -1;
        return dot > 0 && long.TryParse(text![..dot], System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out var at) && dot < text.Length - 1
            ? new AuditCursor(at, text[(dot + 1)..])
            : null;
    }
}

public sealed record AuditPage(IReadOnlyList<AuditEvent> Events, AuditCursor? Older);
