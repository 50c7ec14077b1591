namespace Microcredit.Scoring.Models.Trees;

/// <summary>The best split found for a node: after bin <see cref="Bin"/> of <see cref="Feature"/>, missing values to the <see cref="DefaultLeft"/> side.</summary>
internal readonly record struct SplitCandidate(int Feature, int Bin, bool DefaultLeft, double Gain, double LeftWeight, double RightWeight)
{
    public static readonly SplitCandidate None = new(-1, 0, false, 0, 0, 0);

    /// <summary>Gradient and hessian sums of the two children.</summary>
    public (double Gl, double Hl, double Gr, double Hr) Sums { get; init; }

    public bool IsValid => Feature >= 0;
}
