namespace Microcredit.Scoring.Models.Calibration;

/// <summary>How a model's raw log-odds become the reported probability of default.</summary>
public enum CalibrationMethod
{
    /// <summary>pd = σ(a·margin + b), a logistic fit on out-of-fold margins.</summary>
    Platt,

    /// <summary>A non-decreasing step function of the margin (pool-adjacent-violators on out-of-fold margins).</summary>
    Isotonic,
}
