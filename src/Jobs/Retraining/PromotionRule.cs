namespace Microcredit.Jobs.Retraining;

/// <summary>When the retrain job promotes its challenger.</summary>
public static class PromotionRule
{
    /// <summary>AUCs are compared to this precision, so that 0.705 − 0.700 counts as the 0.005 it is.</summary>
    private const double Tolerance = 1e-9;

    /// <summary>
    /// Only when auto-promotion is on and the challenger's AUC is at least the champion's plus the
    /// margin; with no champion (or one that could not be measured) a measured challenger is promoted;
    /// an unmeasured challenger never is.
    /// </summary>
    public static bool ShouldPromote(bool autoPromote, double? challengerAuc, double? championAuc, double margin)
    {
        if (!autoPromote || challengerAuc is not { } challenger)
        {
            return false;
        }

        return championAuc is not { } champion || challenger - champion >= margin - Tolerance;
    }
}
