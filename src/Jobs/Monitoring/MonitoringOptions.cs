using System.ComponentModel.DataAnnotations;

namespace Microcredit.Jobs.Monitoring;

/// <summary>Options of the monitoring job, section <c>Jobs:monitoring</c>.</summary>
public sealed class MonitoringOptions
{
    public const string Section = "Jobs:monitoring";

    /// <summary>An alert is raised when a PSI is above this (0.25: the usual "significant shift").</summary>
    [Range(0.0, 100.0)]
    public double PsiAlert { get; set; } = 0.25;

    /// <summary>Every snapshot merchant is monitored.</summary>
    public const string AllMerchants = "all";

    /// <summary>Only merchants with a sale in the snapshot's last 30 days.</summary>
    public const string ActiveMerchants = "active";

    /// <summary>
    /// Whose features and scores the PSI compares with the training loans: <c>active</c> (default),
    /// the merchants with a sale in the snapshot's last 30 days — the ones the model decides for,
    /// since the policy declines inactive shops (INACTIVE_30D) before the score matters, and the
    /// ones like the borrowers it was trained on; or <c>all</c> merchants of the snapshot, dormant
    /// shops included (whose missing 90-day ratios alone move every PSI far above 0.25).
    /// </summary>
    [RegularExpression("^(active|all)$")]
    public string Population { get; set; } = ActiveMerchants;

    /// <summary>
    /// AUC and KS are measured on the credit loans disbursed in the this many days before the
    /// latest matured disbursement (as-of − 180 days): the most recent cohorts whose outcome is known.
    /// </summary>
    [Range(7, 3650)]
    public int MaturedWindowDays { get; set; } = 90;
}
