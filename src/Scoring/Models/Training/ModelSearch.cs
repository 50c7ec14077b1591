using System.Diagnostics;
using Microcredit.Scoring.Models.Artifacts;
using Microcredit.Scoring.Models.Data;
using Microcredit.Scoring.Models.Trees;

namespace Microcredit.Scoring.Models.Training;

/// <summary>
/// The model search behind <c>credit train</c> without <c>--trainer</c>: a fixed sequence of
/// trials — the scorecard, a few boosted-tree settings known to suit credit data, then settings
/// drawn from <c>Random(seed)</c> — each validated exactly as a single model is. The search stops
/// after <c>maxTrials</c> (then the result is reproducible byte for byte) or when the time budget
/// is spent (a trial under way finishes). The winner has the highest validation AUC (rounded to
/// 4 places), then the lowest out-of-fold log loss (calibration), then the earlier trial.
/// </summary>
public static class ModelSearch
{
    /// <summary>The most trials a search runs, whatever the budget.</summary>
    public const int MaxTrials = 50;

    public static (TrainingResult Result, IReadOnlyList<(SearchTrial Trial, TimeSpan Elapsed)> Log) Run(
        TabularData data, string dataSha256, TrainingOptions options, TimeSpan budget, int? maxTrials, TimeProvider time, int threads = 0, IProgress<TrainingStep>? progress = null)
    {
        var start = time.GetTimestamp();
        var random = new Random(options.Seed);
        var results = new List<(TrainingResult Result, SearchTrial Trial, TimeSpan Elapsed)>();
        for (var trial = 0; trial < Math.Min(maxTrials ?? MaxTrials, MaxTrials); trial++)
        {
            if (maxTrials is null && trial > 0 && time.GetElapsedTime(start) >= budget)
            {
                break;
            }

            var gbdt = trial == 0 ? null : Candidate(trial, random) with { Threads = threads };
            var trialOptions = options with { Trainer = gbdt is null ? ModelArtifact.ScorecardFamily : ModelArtifact.GbdtFamily, Gbdt = gbdt };
            progress?.Report(new TrainingStep($"trial {trial + 1}: {Describe(trialOptions)}", trial, maxTrials ?? trial + 1));
            var clock = Stopwatch.StartNew();
            var result = ModelTrainer.Train(data, dataSha256, trialOptions);
            var v = result.Artifact.Validation;
            results.Add((result, new SearchTrial(trial + 1, trialOptions.Trainer, gbdt, v.Auc, v.Pooled.LogLoss, v.Pooled.Brier, false), clock.Elapsed));
        }

        var best = results
            .Select((r, index) => (r, index))
            .OrderByDescending(x => Math.Round(x.r.Trial.Auc, 4))
            .ThenBy(x => x.r.Trial.LogLoss)
            .ThenBy(x => x.index)
            .First().index;
        var log = results.Select((r, index) => (r.Trial with { Chosen = index == best }, r.Elapsed)).ToList();
        var chosen = results[best].Result;
        var artifact = chosen.Artifact with { Search = [.. log.Select(l => l.Item1)] };
        return (new TrainingResult(artifact, chosen.Binnings), log);
    }

    public static string Describe(TrainingOptions options) => options.Gbdt is not { } g
        ? options.Trainer
        : FormattableString.Invariant($"gbdt trees={g.Trees} depth={g.MaxDepth} eta={g.LearningRate} mcw={g.MinChildWeight} lambda={g.Lambda} alpha={g.Alpha} subsample={g.Subsample} colsample={g.ColumnSample}");

    /// <summary>Trial 1.. : first hand-picked settings, then seeded random ones.</summary>
    private static GbdtOptions Candidate(int trial, Random random)
    {
        GbdtOptions[] fixedTrials =
        [
            new() { Trees = 300, MaxDepth = 3, LearningRate = 0.05, MinChildWeight = 5, Subsample = 0.8, ColumnSample = 0.8 },
            new() { Trees = 400, MaxDepth = 2, LearningRate = 0.05, MinChildWeight = 10, Subsample = 0.8, ColumnSample = 0.8, Lambda = 5 },
            new() { Trees = 300, MaxDepth = 4, LearningRate = 0.03, MinChildWeight = 10, Subsample = 0.8, ColumnSample = 0.6, Lambda = 5 },
            new() { Trees = 200, MaxDepth = 5, LearningRate = 0.05, MinChildWeight = 20, Subsample = 0.7, ColumnSample = 0.5, Lambda = 10 },
        ];
        if (trial <= fixedTrials.Length)
        {
            return fixedTrials[trial - 1];
        }

        double[] rates = [0.02, 0.03, 0.05, 0.1];
        double[] weights = [1, 5, 10, 20, 50];
        double[] lambdas = [0, 1, 5, 20];
        double[] shares = [0.5, 0.7, 0.8, 1.0];
        var rate = rates[random.Next(rates.Length)];
        return new GbdtOptions
        {
            MaxDepth = 2 + random.Next(5),
            LearningRate = rate,
            Trees = (int)Math.Round(15 / rate),
            MinChildWeight = weights[random.Next(weights.Length)],
            Lambda = lambdas[random.Next(lambdas.Length)],
            Subsample = shares[random.Next(shares.Length)],
            ColumnSample = shares[random.Next(shares.Length)],
        };
    }
}
