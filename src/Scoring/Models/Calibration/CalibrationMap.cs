using System.Text.Json.Serialization;
using Microcredit.Scoring.Models.Scorecard;

namespace Microcredit.Scoring.Models.Calibration;

/// <summary>
/// The fitted calibration of a model, applied to its margin (the log-odds of bad implied by the
/// score). Platt: pd = σ(<see cref="A"/>·margin + <see cref="B"/>). Isotonic: pd =
/// <see cref="Values"/>[k] for the last k with <see cref="Thresholds"/>[k] ≤ margin (the first value
/// below the first threshold).
/// </summary>
public sealed record CalibrationMap
{
    public required CalibrationMethod Method { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public double? A { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public double? B { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<double>? Thresholds { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<double>? Values { get; init; }

    /// <summary>The calibrated probability at <paramref name="margin"/>.</summary>
    public double Pd(double margin)
    {
        if (Method == CalibrationMethod.Platt)
        {
            return LogisticRegression.Sigmoid((A!.Value * margin) + B!.Value);
        }

        var thresholds = Thresholds!;
        var lo = 0;
        var hi = thresholds.Count - 1;
        while (lo < hi)
        {
            var mid = (lo + hi + 1) / 2;
            if (thresholds[mid] <= margin)
            {
                lo = mid;
            }
            else
            {
                hi = mid - 1;
            }
        }

        return Values![lo];
    }
}
