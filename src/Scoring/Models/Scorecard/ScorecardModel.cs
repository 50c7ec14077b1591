namespace Microcredit.Scoring.Models.Scorecard;

/// <summary>
/// A points scorecard: score = <see cref="BasePoints"/> + Σ points of each feature's bin.
/// <see cref="Intercept"/> and the coefficients are the logistic regression behind the points.
/// </summary>
public sealed record ScorecardModel
{
    public required double Intercept { get; init; }

    /// <summary>round(offset − factor·intercept): the points every row starts with.</summary>
    public required int BasePoints { get; init; }

    /// <summary>The L2 penalty λ of the regression (Σ log-loss + λ/2·‖β‖²).</summary>
    public required double L2 { get; init; }

    public required int Iterations { get; init; }

    public required IReadOnlyList<ScorecardFeature> Features { get; init; }
}
