using System.ComponentModel.DataAnnotations;

namespace Microcredit.Jobs.Retraining;

/// <summary>Options of the retrain job, section <c>Jobs:retrain</c>.</summary>
public sealed class RetrainOptions
{
    public const string Section = "Jobs:retrain";

    /// <summary>The search over families and settings instead of one trainer.</summary>
    public const string SearchTrainer = "search";

    /// <summary>Seed of the trainer (validation split, tree sampling, search draws).</summary>
    public int Seed { get; set; } = 42;

    /// <summary><c>scorecard</c>, <c>gbdt</c> (default settings) or <c>search</c> (<see cref="MaxTrials"/> trials).</summary>
    [RegularExpression("^(scorecard|gbdt|search)$")]
    public string Trainer { get; set; } = "scorecard";

    /// <summary>Trials of the search: a fixed count, never a time budget, so reruns are identical.</summary>
    [Range(1, 50)]
    public int MaxTrials { get; set; } = 5;

    /// <summary>Months of the latest matured loans held out to compare challenger and champion.</summary>
    [Range(1, 24)]
    public int EvaluationMonths { get; set; } = 3;

    /// <summary>Promote the challenger when it beats the champion by <see cref="PromoteMargin"/>; otherwise only store it.</summary>
    public bool AutoPromote { get; set; }

    /// <summary>The AUC the challenger must gain over the champion, on the held-out window, to be promoted.</summary>
    [Range(-1.0, 1.0)]
    public double PromoteMargin { get; set; } = 0.005;
}
