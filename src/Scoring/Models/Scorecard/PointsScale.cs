using System.ComponentModel.DataAnnotations;

namespace Microcredit.Scoring.Models.Scorecard;

/// <summary>
/// The points scale shared by every model family: <see cref="BaseScore"/> points at odds of
/// <see cref="BaseOdds"/> goods to one bad, and <see cref="PointsToDoubleOdds"/> more points each
/// time the odds double. score = offset + factor·ln(odds), factor = PDO / ln 2.
/// </summary>
public sealed record PointsScale
{
    [Range(0, 100_000)]
    public double BaseScore { get; init; } = 600;

    /// <summary>Good:bad odds at the base score (50 means 50:1).</summary>
    [Range(1e-6, 1e6)]
    public double BaseOdds { get; init; } = 50;

    [Range(1e-6, 10_000)]
    public double PointsToDoubleOdds { get; init; } = 20;

    /// <summary>Points per unit of natural-log odds.</summary>
    public double Factor() => PointsToDoubleOdds / Math.Log(2);

    /// <summary>The score at odds 1:1.</summary>
    public double Offset() => BaseScore - (Factor() * Math.Log(BaseOdds));

    /// <summary>The score of a row whose log-odds of the event (bad) is <paramref name="logOddsBad"/>.</summary>
    public double ScoreOf(double logOddsBad) => Offset() - (Factor() * logOddsBad);

    /// <summary>The log-odds of the event implied by a score: the inverse of <see cref="ScoreOf"/>.</summary>
    public double LogOddsBadOf(double score) => (Offset() - score) / Factor();
}
