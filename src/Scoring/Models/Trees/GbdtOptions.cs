using System.ComponentModel.DataAnnotations;

namespace Microcredit.Scoring.Models.Trees;

/// <summary>
/// Settings of the gradient-boosted trees trainer (XGBoost's names in brackets). Recorded in the
/// artifact; <see cref="Threads"/> changes speed only, never the model.
/// </summary>
public sealed record GbdtOptions
{
    /// <summary>Boosting rounds (n_estimators); fewer when early stopping ends sooner.</summary>
    [Range(1, 100_000)]
    public int Trees { get; init; } = 300;

    /// <summary>Maximum depth of a tree (max_depth).</summary>
    [Range(1, 24)]
    public int MaxDepth { get; init; } = 4;

    /// <summary>0: depth-wise growth; else leaf-wise (best gain first) up to this many leaves (max_leaves, grow_policy=lossguide).</summary>
    [Range(0, 1 << 16)]
    public int MaxLeaves { get; init; }

    /// <summary>Shrinkage of every leaf value (eta).</summary>
    [Range(1e-6, 1.0)]
    public double LearningRate { get; init; } = 0.05;

    /// <summary>Histogram bins per feature (max_bin), the missing values' bin among them when the feature has any; at most 256.</summary>
    [Range(2, 256)]
    public int MaxBins { get; init; } = 256;

    /// <summary>L2 penalty on leaf weights (lambda).</summary>
    [Range(0.0, 1e6)]
    public double Lambda { get; init; } = 1;

    /// <summary>L1 penalty on leaf weights (alpha).</summary>
    [Range(0.0, 1e6)]
    public double Alpha { get; init; }

    /// <summary>Minimum hessian sum in a child (min_child_weight).</summary>
    [Range(0.0, 1e9)]
    public double MinChildWeight { get; init; } = 1;

    /// <summary>Minimum loss reduction to split (gamma, min_split_loss).</summary>
    [Range(0.0, 1e9)]
    public double Gamma { get; init; }

    /// <summary>Share of rows drawn (without replacement, per tree) to grow each tree (subsample).</summary>
    [Range(0.01, 1.0)]
    public double Subsample { get; init; } = 1;

    /// <summary>Share of features drawn per tree (colsample_bytree).</summary>
    [Range(0.01, 1.0)]
    public double ColumnSample { get; init; } = 1;

    /// <summary>0: no early stopping; else stop after this many rounds without a better validation log loss.</summary>
    [Range(0, 10_000)]
    public int EarlyStoppingRounds { get; init; }

    /// <summary>With early stopping: the share of the training rows held out (stratified, seeded) to watch.</summary>
    [Range(0.05, 0.5)]
    public double EarlyStoppingShare { get; init; } = 0.1;

    /// <summary>Monotone constraints by feature: +1 the risk never falls as the value rises, −1 it never rises.</summary>
    public IReadOnlyDictionary<string, int> Monotone { get; init; } = new SortedDictionary<string, int>(StringComparer.Ordinal);

    /// <summary>Worker threads (0: all cores). Does not change the model.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public int Threads { get; init; }

    /// <summary>Tests set this to check the vector split search against the scalar one it replaces.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    internal bool ScalarSplitSearch { get; init; }
}
