using System.Data.Common;
using System.Text.Json;
using Dapper;
using Microcredit.Scoring.Storage;

namespace Microcredit.Underwriting.Audit;

/// <summary>
/// The append-only record of who did what: written in the same transaction as the change it
/// describes, so an audited change and its audit row commit or vanish together. Details hold ids and
/// figures, never API secrets.
/// </summary>
public static class AuditLog
{
    public static Task WriteAsync(
        DbConnection connection, DbTransaction transaction, string actor, string action, string subject, object details, DateTimeOffset at, CancellationToken cancellationToken = default) =>
        Api.PreparedCommands.Get(
            connection,
            transaction,
            "INSERT INTO audit_events (event_id, at, actor, action, subject, details) VALUES (@id, @at, @actor, @action, @subject, @details)",
            ["id", "at", "actor", "action", "subject", "details"],
            Ids.New("evt_"),
            DbTime.ToDb(at),
            actor,
            action,
            subject,
            JsonSerializer.Serialize(details)).ExecuteNonQueryAsync(cancellationToken);

    /// <summary>The events about one subject, oldest first.</summary>
    public static async Task<IReadOnlyList<AuditEvent>> ForSubjectAsync(DbConnection connection, string subject, CancellationToken cancellationToken = default) =>
        [.. await connection.QueryAsync<AuditEvent>(new CommandDefinition(
            "SELECT event_id AS EventId, at AS At, actor AS Actor, action AS Action, subject AS Subject, details AS Details FROM audit_events WHERE subject = @subject ORDER BY at, event_id",
            new { subject },
            cancellationToken: cancellationToken))];
}

public sealed record AuditEvent(string EventId, long At, string Actor, string Action, string Subject, string Details);
