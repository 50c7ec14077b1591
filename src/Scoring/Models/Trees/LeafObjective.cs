namespace Microcredit.Scoring.Models.Trees;

/// <summary>
/// The second-order objective of a leaf of weight w holding gradient sum G and hessian sum H:
/// G·w + ½(H + λ)w² + α|w|, as XGBoost's. Its minimum is w* = −T(G)/(H + λ) with T the
/// soft threshold by α; "gain" is −2× the objective, so an unconstrained leaf gains T(G)²/(H + λ).
/// </summary>
internal readonly record struct LeafObjective(double Lambda, double Alpha)
{
    public double Weight(double g, double h, double lower, double upper)
    {
        var t = g > Alpha ? g - Alpha : g < -Alpha ? g + Alpha : 0;
        var w = -t / (h + Lambda);
        // Math.Clamp's argument check, without it: lower ≤ upper always holds here.
        return Math.Max(lower, Math.Min(upper, w));
    }

    public double Gain(double g, double h, double w) => -((2 * g * w) + ((h + Lambda) * w * w) + (2 * Alpha * Math.Abs(w)));
}
