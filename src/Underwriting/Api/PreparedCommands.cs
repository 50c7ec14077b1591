using System.Data.Common;
using System.Runtime.CompilerServices;

namespace Microcredit.Underwriting.Api;

/// <summary>
/// Commands kept prepared on the API's long-lived SQLite connections (<see cref="HotConnections"/>).
/// Microsoft.Data.Sqlite finalizes a connection's statements when it closes, and Dapper makes a new
/// command for every call, so every statement of a decision was parsed and planned anew: SQLite's
/// parser and planner were about a sixth of the service's CPU (perf). On any other connection
/// (PostgreSQL, where Npgsql prepares on the server by itself, or a SQLite connection opened for one
/// use) the command is a new one.
/// </summary>
/// <remarks>Like a connection, a kept command serves one caller at a time.</remarks>
public static class PreparedCommands
{
    private static readonly ConditionalWeakTable<DbConnection, Dictionary<string, DbCommand>> Kept = [];

    /// <summary>Keeps the commands of <paramref name="connection"/> from now on (a connection that stays open).</summary>
    public static void Keep(DbConnection connection) => Kept.AddOrUpdate(connection, new Dictionary<string, DbCommand>(StringComparer.Ordinal));

    /// <summary>
    /// The command for <paramref name="sql"/> with <paramref name="values"/> bound to the parameters
    /// <paramref name="names"/>, in order (null as SQL NULL). Not to be disposed: a kept command is
    /// the connection's, and a new one holds nothing its connection does not release.
    /// </summary>
    public static DbCommand Get(DbConnection connection, DbTransaction? transaction, string sql, ReadOnlySpan<string> names, params ReadOnlySpan<object?> values)
    {
        ArgumentOutOfRangeException.ThrowIfNotEqual(values.Length, names.Length);
        if (!Kept.TryGetValue(connection, out var commands) || !commands.TryGetValue(sql, out var command))
        {
            command = connection.CreateCommand();
            command.CommandText = sql;
            foreach (var name in names)
            {
                var parameter = command.CreateParameter();
                // Prefixed as in the SQL: Microsoft.Data.Sqlite tries @, $ and : on a bare name at
                // every bind (FindPrefixedParameter, 4% of the service's CPU); Npgsql strips it.
                parameter.ParameterName = name.StartsWith('@') ? name : "@" + name;
                command.Parameters.Add(parameter);
            }

            commands?.Add(sql, command);
        }

        command.Transaction = transaction;
        for (var i = 0; i < values.Length; i++)
        {
            command.Parameters[i].Value = values[i] ?? DBNull.Value;
        }

        return command;
    }
}
