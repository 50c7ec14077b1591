using System.ComponentModel.DataAnnotations;

namespace Microcredit.Jobs.Servicing;

/// <summary>Options of the servicing job, section <c>Jobs:servicing</c>.</summary>
public sealed class ServicingOptions
{
    public const string Section = "Jobs:servicing";

    /// <summary>A loan is written off on the day it reaches this many days past due.</summary>
    [Range(1, 3650)]
    public int WriteOffDays { get; set; } = 180;
}
