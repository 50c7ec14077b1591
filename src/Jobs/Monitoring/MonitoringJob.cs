using System.Globalization;
using Dapper;
using Microcredit.Jobs.Scheduling;
using Microcredit.Scoring.Features;
using Microcredit.Scoring.Features.History;
using Microcredit.Scoring.Features.Snapshots;
using Microcredit.Scoring.Labels;
using Microcredit.Scoring.Registry;
using Microcredit.Scoring.Storage;
using Microcredit.Underwriting.Policy;

namespace Microcredit.Jobs.Monitoring;

/// <summary>
/// The <c>monitoring</c> job (docs/jobs-monitoring.md): for the champion credit model, the PSI of
/// its scores and of each of its features on the latest snapshot on or before the run's date
/// against the training distributions in its artifact, and its AUC and KS on the credit loans
/// that matured most recently; an <c>alerts</c> row for every PSI above the threshold. The date's
/// results and PSI alerts are replaced in one transaction.
/// </summary>
public static class MonitoringJob
{
    public const string Name = "monitoring";

    /// <summary>The <c>alerts.kind</c> this job raises.</summary>
    public const string PsiAlertKind = "psi";

    public static async Task<JobOutcome> RunAsync(JobContext context, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(context);
        var options = JobSection.Read<MonitoringOptions>(context.Configuration, MonitoringOptions.Section);
        var asOf = context.AsOf;
        var date = DbTime.ToDb(asOf);
        var database = context.Database;

        RegisteredModel? champion;
        await using (var connection = await database.OpenAsync(ct))
        {
            champion = await ModelRegistry.ChampionAsync(connection, ModelRegistry.CreditKind, ct);
        }

        var results = new List<ResultRow>();
        var alerts = new List<AlertRow>();
        string summary;
        if (champion is null)
        {
            summary = $"No champion credit model: nothing to monitor as of {date}.";
        }
        else
        {
            var snapshotDate = (await FeatureSnapshotStore.DatesAsync(database, ct)).LastOrDefault(d => d <= asOf);
            var psi = new List<PsiResult>();
            var snapshotText = "no snapshot";
            if (snapshotDate != default && await FeatureSnapshotStore.LoadAsync(database, snapshotDate, ct) is { } matrix)
            {
                var rows = Enumerable.Range(0, matrix.RowCount).Select(r => FeatureRow.FromMatrix(matrix, r))
                    .Where(r => options.Population == MonitoringOptions.AllMerchants || r[FeatureId.ActiveDays30d] >= 1)
                    .ToList();
                snapshotText = $"snapshot {DbTime.ToDb(snapshotDate)}, {options.Population} merchants";
                var scores = new MerchantScorer(champion.Scorer, champion.ModelId).ScoreBatch(rows).Select(s => s.Score).ToList();
                if (FeatureDrift.Score(champion.Artifact.Training, scores) is { } scorePsi)
                {
                    psi.Add(scorePsi);
                }

                psi.AddRange(FeatureDrift.Features(champion.Artifact, rows));
            }

            foreach (var p in psi)
            {
                results.Add(new ResultRow(date, champion.ModelId, "psi", p.Subject, p.Value, p.Rows, snapshotText));
                if (p.Value > options.PsiAlert)
                {
                    alerts.Add(new AlertRow(date, PsiAlertKind, p.Subject, p.Value, options.PsiAlert, string.Create(
                        CultureInfo.InvariantCulture,
                        $"PSI of {p.Subject} for model {champion.ModelId} on {snapshotText} is {p.Value:0.000}, above {options.PsiAlert:0.###}.")));
                }
            }

            var (from, to) = MaturedWindow(asOf, options.MaturedWindowDays);
            var history = HistoryLoader.Load(database, ct);
            var set = TrainingSet.Build(history, from, to, asOf);
            var (csv, _) = MaturedLoans.Csv(set, _ => true);
            var evaluation = Evaluation.Of(champion.Scorer, MaturedLoans.Read(csv, "matured-loans.csv"));
            var cohort = $"credit loans disbursed in [{DbTime.ToDb(from)}, {DbTime.ToDb(to)}), {evaluation.Defaults} defaults";
            results.Add(new ResultRow(date, champion.ModelId, "auc", "matured", evaluation.Auc, evaluation.Loans, cohort));
            results.Add(new ResultRow(date, champion.ModelId, "ks", "matured", evaluation.Ks, evaluation.Loans, cohort));
            summary = string.Create(
                CultureInfo.InvariantCulture,
                $"Monitored {champion.ModelId} as of {date}: {psi.Count} PSI on {snapshotText}, {alerts.Count} above {options.PsiAlert}; AUC {Text(evaluation.Auc)}, KS {Text(evaluation.Ks)} on {evaluation.Loans} matured loans.");
        }

        await using (var connection = await database.OpenAsync(ct))
        {
            await using var transaction = await connection.BeginTransactionAsync(ct);
            await connection.ExecuteAsync(new CommandDefinition("DELETE FROM monitoring_results WHERE as_of = @date", new { date }, transaction, cancellationToken: ct));
            await connection.ExecuteAsync(new CommandDefinition(
                "DELETE FROM alerts WHERE as_of = @date AND kind = @kind", new { date, kind = PsiAlertKind }, transaction, cancellationToken: ct));
            await connection.ExecuteAsync(new CommandDefinition(
                """
                INSERT INTO monitoring_results (as_of, model_id, metric, subject, value, sample_size, detail)
                VALUES (@AsOf, @ModelId, @Metric, @Subject, @Value, @SampleSize, @Detail)
                """,
                results,
                transaction,
                cancellationToken: ct));
            await connection.ExecuteAsync(new CommandDefinition(
                """
                INSERT INTO alerts (as_of, kind, subject, value, threshold, message)
                VALUES (@AsOf, @Kind, @Subject, @Value, @Threshold, @Message)
                """,
                alerts,
                transaction,
                cancellationToken: ct));
            await transaction.CommitAsync(ct);
        }

        return new JobOutcome(results.Count + alerts.Count, summary);
    }

    /// <summary>
    /// The matured cohort of <paramref name="asOf"/>: credit loans disbursed in the
    /// <paramref name="days"/> days before as-of − 180 days. A credit loan's outcome is known
    /// 180 days after its disbursement (<see cref="DefaultLabel"/>), so these are the latest
    /// loans whose outcome is known on the run's date.
    /// </summary>
    public static (DateOnly From, DateOnly To) MaturedWindow(DateOnly asOf, int days)
    {
        var to = asOf.AddDays(-DefaultLabel.CreditWindowDays);
        return (to.AddDays(-days), to);
    }

    private static string Text(double? value) => value?.ToString("0.000", CultureInfo.InvariantCulture) ?? "n/a";

    private sealed record ResultRow(string AsOf, string ModelId, string Metric, string Subject, double? Value, long SampleSize, string Detail);

    private sealed record AlertRow(string AsOf, string Kind, string Subject, double Value, double Threshold, string Message);
}
