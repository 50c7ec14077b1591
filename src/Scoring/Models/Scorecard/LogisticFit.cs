namespace Microcredit.Scoring.Models.Scorecard;

/// <summary>A fitted logistic regression: logit P(event) = intercept + Σ coefficient·x.</summary>
public sealed record LogisticFit(double Intercept, IReadOnlyList<double> Coefficients, int Iterations, double PenalizedLoss);
