using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Dapper;
using Microcredit.Jobs.Monitoring;
using Microcredit.Jobs.Scheduling;
using Microcredit.Scoring.Features.History;
using Microcredit.Scoring.Labels;
using Microcredit.Scoring.Models.Artifacts;
using Microcredit.Scoring.Models.Training;
using Microcredit.Scoring.Models.Trees;
using Microcredit.Scoring.Registry;
using Microcredit.Scoring.Storage;

namespace Microcredit.Jobs.Retraining;

/// <summary>
/// The <c>retrain</c> job (docs/jobs-monitoring.md): trains a challenger credit model on the
/// credit loans matured by the run's date D, except the latest <see cref="RetrainOptions.EvaluationMonths"/>
/// months of them, which are held out to compare it with the champion; stores the challenger and
/// the comparison, and promotes it only when configured and its AUC beats the champion's by the
/// margin. Fixed seed and trial count: a rerun for D trains the same bytes, so registers the same
/// id, and writes the same rows.
/// </summary>
public static class RetrainJob
{
    public const string Name = "retrain";

    /// <summary>The data file name recorded in the artifact: the name <c>models/train.sh</c> gives the same CSV.</summary>
    public const string DataName = "credit-loans.csv";

    public const string ChallengerRole = "challenger";

    public const string ChampionRole = "champion";

    public static async Task<JobOutcome> RunAsync(JobContext context, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(context);
        var options = JobSection.Read<RetrainOptions>(context.Configuration, RetrainOptions.Section);
        var asOf = context.AsOf;
        var date = DbTime.ToDb(asOf);
        var database = context.Database;

        // Credit loans are matured 180 days after disbursement; the last months of those are held out.
        var evalTo = asOf.AddDays(-DefaultLabel.CreditWindowDays);
        var evalFrom = evalTo.AddMonths(-options.EvaluationMonths);
        var history = HistoryLoader.Load(database, ct);
        var set = TrainingSet.Build(history, DateOnly.MinValue, evalTo, asOf);
        long evalStart = Days.Start(evalFrom);
        var (trainCsv, trainLoans) = MaturedLoans.Csv(set, e => e.DisbursedAt < evalStart);
        var (evalCsv, _) = MaturedLoans.Csv(set, e => e.DisbursedAt >= evalStart);
        if (trainLoans == 0)
        {
            throw new InvalidOperationException($"No matured credit loans disbursed before {DbTime.ToDb(evalFrom)} to train a challenger on (as of {date}).");
        }

        var trainFrom = Days.Date(Days.Of(set.Examples.Where(e => e.Product == LoanProduct.Credit).Min(e => e.DisbursedAt)));
        var table = MaturedLoans.Read(trainCsv, DataName);
        var artifact = Train(table, Sha256(trainCsv), options, context.Time);
        var json = ArtifactJson.Serialize(artifact);
        var challengerId = ModelRegistry.IdOf(ModelRegistry.CreditKind, json);
        var evaluationData = MaturedLoans.Read(evalCsv, "evaluation.csv");
        var challenger = Evaluation.Of(artifact.CreateScorer(), evaluationData);

        RegisteredModel? champion;
        await using (var connection = await database.OpenAsync(ct))
        {
            // A rerun compares with the champion the first run compared with, even if that run promoted the challenger.
            var baseline = await connection.ExecuteScalarAsync<string?>(new CommandDefinition(
                "SELECT model_id FROM model_evaluations WHERE as_of = @date AND role = @role", new { date, role = ChampionRole }, cancellationToken: ct));
            champion = baseline is not null
                ? await ModelRegistry.FindAsync(connection, baseline, ct)
                : await ModelRegistry.ChampionAsync(connection, ModelRegistry.CreditKind, ct);
        }

        var championEvaluation = champion is null ? null : Evaluation.Of(champion.Scorer, evaluationData);
        var promote = PromotionRule.ShouldPromote(options.AutoPromote, challenger.Auc, championEvaluation?.Auc, options.PromoteMargin);

        var rows = new List<EvaluationRow>
        {
            EvaluationRow.Of(date, ChallengerRole, challengerId, trainFrom, evalFrom, trainLoans, evalTo, challenger, promote),
        };
        if (champion is not null)
        {
            rows.Add(EvaluationRow.Of(date, ChampionRole, champion.ModelId, trainFrom, evalFrom, trainLoans, evalTo, championEvaluation!, false));
        }

        await using (var connection = await database.OpenAsync(ct))
        {
            await using var transaction = await connection.BeginTransactionAsync(ct);
            var now = context.Time.GetUtcNow();
            await ModelRegistry.RegisterAsync(connection, transaction, ModelRegistry.CreditKind, json, $"retrain {date}", now, ct);
            var current = await connection.ExecuteScalarAsync<string?>(new CommandDefinition(
                "SELECT model_id FROM model_champions WHERE kind = @kind", new { kind = ModelRegistry.CreditKind }, transaction, cancellationToken: ct));
            if (promote && current != challengerId)
            {
                await ModelRegistry.PromoteAsync(connection, transaction, challengerId, $"retrain {date}", now, ct);
            }

            await connection.ExecuteAsync(new CommandDefinition("DELETE FROM model_evaluations WHERE as_of = @date", new { date }, transaction, cancellationToken: ct));
            await connection.ExecuteAsync(new CommandDefinition(
                """
                INSERT INTO model_evaluations (as_of, role, model_id, train_from, train_to, train_loans, eval_from, eval_to, eval_loans, eval_defaults, auc, ks, promoted)
                VALUES (@AsOf, @Role, @ModelId, @TrainFrom, @TrainTo, @TrainLoans, @EvalFrom, @EvalTo, @EvalLoans, @EvalDefaults, @Auc, @Ks, @Promoted)
                """,
                rows,
                transaction,
                cancellationToken: ct));
            await transaction.CommitAsync(ct);
        }

        return new JobOutcome(rows.Count + 1, string.Create(
            CultureInfo.InvariantCulture,
            $"Trained {challengerId} on {trainLoans} credit loans disbursed before {DbTime.ToDb(evalFrom)}; on {challenger.Loans} loans of [{DbTime.ToDb(evalFrom)}, {DbTime.ToDb(evalTo)}) " +
            $"AUC {Text(challenger.Auc)} vs champion {champion?.ModelId ?? "none"} {Text(championEvaluation?.Auc)}; {(promote ? "promoted" : "not promoted")}."));
    }

    private static ModelArtifact Train(Scoring.Models.Data.TabularData table, string sha, RetrainOptions options, TimeProvider time)
    {
        // As models/train.sh: validated out of time on the latest 20 % by disbursement; ids and
        // the constant product column left out, so the model reads catalog features only.
        var training = new TrainingOptions
        {
            Target = "default",
            Trainer = options.Trainer == RetrainOptions.SearchTrainer ? ModelArtifact.ScorecardFamily : options.Trainer,
            TimeColumn = "disbursed_at",
            Ignore = ["loan_id", "merchant_id", "product"],
            Seed = options.Seed,
            Gbdt = options.Trainer == ModelArtifact.GbdtFamily ? new GbdtOptions() : null,
        };
        return options.Trainer == RetrainOptions.SearchTrainer
            ? ModelSearch.Run(table, sha, training, TimeSpan.Zero, options.MaxTrials, time).Result.Artifact
            : ModelTrainer.Train(table, sha, training).Artifact;
    }

    private static string Sha256(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));

    private static string Text(double? value) => value?.ToString("0.0000", CultureInfo.InvariantCulture) ?? "n/a";

    private sealed record EvaluationRow(
        string AsOf,
        string Role,
        string ModelId,
        string TrainFrom,
        string TrainTo,
        long TrainLoans,
        string EvalFrom,
        string EvalTo,
        long EvalLoans,
        long EvalDefaults,
        double? Auc,
        double? Ks,
        short Promoted)
    {
        public static EvaluationRow Of(string asOf, string role, string modelId, DateOnly trainFrom, DateOnly trainTo, int trainLoans, DateOnly evalTo, Evaluation evaluation, bool promoted) => new(
            asOf,
            role,
            modelId,
            DbTime.ToDb(trainFrom),
            DbTime.ToDb(trainTo),
            trainLoans,
            DbTime.ToDb(trainTo),
            DbTime.ToDb(evalTo),
            evaluation.Loans,
            evaluation.Defaults,
            evaluation.Auc,
            evaluation.Ks,
            promoted ? (short)1 : (short)0);
    }
}
