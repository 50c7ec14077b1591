using System.ComponentModel.DataAnnotations;

namespace Microcredit.Jobs.Monitoring;

/// <summary>Options of the monitoring job, section <c>Jobs:monitoring</c>.</summary>
public sealed class MonitoringOptions
{
    public const string Section = "Jobs:monitoring";

    /// <summary>An alert is raised when a PSI is above this (0.25: the usual "significant shift").</summary>
    [Range(0.0, 100.0)]
    public double PsiAlert { get; set; } = 0.25;

    /// <summary>
    /// AUC and KS are measured on the credit loans disbursed in the this many days before the
    /// latest matured disbursement (as-of − 180 days): the most recent cohorts whose outcome is known.
    /// </summary>
    [Range(7, 3650)]
    public int MaturedWindowDays { get; set; } = 90;
}
