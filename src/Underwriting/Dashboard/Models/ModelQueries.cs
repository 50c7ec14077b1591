using System.Data.Common;
using Dapper;
using Microcredit.Scoring.Storage;

namespace Microcredit.Underwriting.Dashboard.Models;

/// <summary>A monitoring_results row (the monitoring job's figures for a date and model).</summary>
public sealed record MonitoringPoint(string AsOf, string ModelId, string Metric, string Subject, double? Value, long SampleSize, string Detail);

/// <summary>An alerts row raised by a job.</summary>
public sealed record AlertRow(string AsOf, string Kind, string Subject, double Value, double Threshold, string Message);

/// <summary>The models page's reads of the monitoring tables, each one bounded query.</summary>
public static class ModelQueries
{
    /// <summary>Score PSI and matured AUC/KS of every date from <paramref name="from"/>, oldest first.</summary>
    public static async Task<IReadOnlyList<MonitoringPoint>> SeriesAsync(DbConnection connection, DateOnly from, CancellationToken cancellationToken) =>
        [.. await connection.QueryAsync<MonitoringPoint>(new CommandDefinition(
            $"""
            SELECT {Columns} FROM monitoring_results
            WHERE as_of >= @from AND ((metric = 'psi' AND subject = 'score') OR subject = 'matured')
            ORDER BY as_of, model_id, metric
            """,
            new { from = DbTime.ToDb(from) },
            cancellationToken: cancellationToken))];

    /// <summary>Every PSI of the latest monitored date (the score and each feature), largest first.</summary>
    public static async Task<IReadOnlyList<MonitoringPoint>> LatestPsiAsync(DbConnection connection, CancellationToken cancellationToken) =>
        [.. await connection.QueryAsync<MonitoringPoint>(new CommandDefinition(
            $"""
            SELECT {Columns} FROM monitoring_results
            WHERE as_of = (SELECT max(as_of) FROM monitoring_results WHERE metric = 'psi') AND metric = 'psi'
            ORDER BY value DESC, subject
            """,
            cancellationToken: cancellationToken))];

    /// <summary>The alerts of the latest date any job raised one.</summary>
    public static async Task<IReadOnlyList<AlertRow>> LatestAlertsAsync(DbConnection connection, CancellationToken cancellationToken) =>
        [.. await connection.QueryAsync<AlertRow>(new CommandDefinition(
            """
            SELECT as_of AS AsOf, kind AS Kind, subject AS Subject, value AS Value, threshold AS Threshold, message AS Message
            FROM alerts WHERE as_of = (SELECT max(as_of) FROM alerts)
            ORDER BY kind, subject
            """,
            cancellationToken: cancellationToken))];

    private const string Columns = "as_of AS AsOf, model_id AS ModelId, metric AS Metric, subject AS Subject, value AS Value, sample_size AS SampleSize, detail AS Detail";
}
