using Microcredit.Scoring.Models.Metrics;

namespace Microcredit.Jobs.Models.Reports;

/// <summary>
/// Every number of <c>credit evaluate --report</c>: the HTML draws these and FILE.json holds them.
/// Rank figures (AUC, KS, the curves) use the score (a lower score is riskier), so they do not
/// depend on how the calibration ties pds; the pd figures (log loss, Brier, calibration) use the pd.
/// </summary>
public sealed record EvaluationReport(
    string Model,
    string Family,
    string Data,
    string Target,
    int Rows,
    int Events,
    double Auc,
    double Gini,
    double Ks,
    double LogLoss,
    double Brier,
    double MeanPd,
    double DefaultRate,
    RocChart Roc,
    KsChart KsCurve,
    ScoreDistributions Distributions,
    IReadOnlyList<CalibrationRow> Calibration,
    IReadOnlyList<PsiRow> Psi,
    IReadOnlyList<ReasonFrequency> Reasons)
{
    /// <summary>A PSI above this is flagged (the industry's "significant shift" rule of thumb).</summary>
    public const double PsiAlert = 0.25;
}

/// <summary>The ROC curve: each point flags rows scoring at or below <see cref="CurvePoint.Score"/>.</summary>
public sealed record RocChart(double Auc, IReadOnlyList<CurvePoint> Points);

/// <summary>
/// One threshold of the ROC and KS curves: of the rows scoring at or below <see cref="Score"/>, the
/// share of all bads (<see cref="BadRate"/>, the true-positive rate) and of all goods
/// (<see cref="GoodRate"/>, the false-positive rate). The first point (nothing flagged) has a null score.
/// </summary>
public sealed record CurvePoint(double? Score, double GoodRate, double BadRate);

/// <summary>The KS curve: cumulative bad and good rates by score, and the score where they are furthest apart.</summary>
public sealed record KsChart(double Ks, double Score, double BadRate, double GoodRate, IReadOnlyList<CurvePoint> Points);

/// <summary>Score histograms of goods and bads over the same equal-width bins (bin k: edge[k] ≤ score &lt; edge[k+1], the last closed).</summary>
public sealed record ScoreDistributions(IReadOnlyList<double> Edges, IReadOnlyList<int> Goods, IReadOnlyList<int> Bads);

/// <summary>
/// Drift of the score or one feature: the artifact's training distribution against the evaluated
/// rows over the same bins. <see cref="Value"/> is null when the artifact holds no training
/// distribution (an imported model).
/// </summary>
public sealed record PsiRow(string Name, string Kind, double? Value, bool Flag, IReadOnlyList<PsiBin> Bins);

/// <summary>One bin of a PSI row: training and evaluated row counts and shares.</summary>
public sealed record PsiBin(string Label, int ExpectedCount, int ActualCount, double Expected, double Actual);

/// <summary>How many rows give <see cref="Feature"/> as their 1st, 2nd, 3rd and 4th adverse reason.</summary>
public sealed record ReasonFrequency(string Feature, IReadOnlyList<int> ByRank, int Total);
