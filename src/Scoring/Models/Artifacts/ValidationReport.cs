using Microcredit.Scoring.Models.Metrics;

namespace Microcredit.Scoring.Models.Artifacts;

/// <summary>
/// Validation of the training procedure. <see cref="Auc"/> is the mean of the per-split AUCs (the
/// figure compared with the data sets' references); the pooled figures are over all out-of-fold
/// predictions, with the uncalibrated pd implied by the score.
/// </summary>
public sealed record ValidationReport(
    string Method,
    string? Column,
    double Auc,
    double Gini,
    IReadOnlyList<SplitMetrics> Splits,
    BinaryMetrics Pooled,
    IReadOnlyList<CalibrationRow> CalibrationTable);

/// <summary>The figures of one split on its test rows.</summary>
public sealed record SplitMetrics(string Name, int TrainRows, int TestRows, int TestEvents, double Auc, double Ks, int Features);
