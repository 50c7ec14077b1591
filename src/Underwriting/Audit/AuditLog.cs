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
    /// <summary>The insert of one event, for a command of the caller's (<see cref="Values"/> binds it).</summary>
    public const string InsertSql = "INSERT INTO audit_events (event_id, at, actor, action, subject, details) VALUES (@id, @at, @actor, @action, @subject, @details)";

    /// <summary>The parameters of <see cref="InsertSql"/>, in the order of <see cref="Values"/>.</summary>
    public static readonly string[] InsertParameters = ["id", "at", "actor", "action", "subject", "details"];

    public static object?[] Values(string actor, string action, string subject, object details, DateTimeOffset at) =>
        [Ids.NewOrdered("evt_", at), DbTime.ToDb(at), actor, action, subject, JsonSerializer.Serialize(details)];

    public static Task WriteAsync(
        DbConnection connection, DbTransaction transaction, string actor, string action, string subject, object details, DateTimeOffset at, CancellationToken cancellationToken = default) =>
        Api.PreparedCommands.Get(connection, transaction, InsertSql, InsertParameters, Values(actor, action, subject, details, at)).ExecuteNonQueryAsync(cancellationToken);

    /// <summary>The events about one subject, oldest first.</summary>
    public static async Task<IReadOnlyList<AuditEvent>> ForSubjectAsync(DbConnection connection, string subject, CancellationToken cancellationToken = default) =>
        [.. await connection.QueryAsync<AuditEvent>(new CommandDefinition(
            "SELECT event_id AS EventId, at AS At, actor AS Actor, action AS Action, subject AS Subject, details AS Details FROM audit_events WHERE subject = @subject ORDER BY at, event_id",
            new { subject },
            cancellationToken: cancellationToken))];
}

public sealed record AuditEvent(string EventId, long At, string Actor, string Action, string Subject, string Details);
