using Microcredit.Scoring.Money;
using Microcredit.Underwriting.Dashboard.Officers;

namespace Microcredit.Underwriting.Dashboard;

/// <summary>
/// Configuration section <c>Dashboard</c>: how long a lockout lasts and how much each role may
/// approve on its own (an amount above the officer's limit must be escalated to a supervisor).
/// </summary>
public sealed class DashboardOptions
{
    public const string Section = "Dashboard";

    public int LockoutMinutes { get; set; } = (int)OfficerAccounts.DefaultLockout.TotalMinutes;

    /// <summary>Approval limit per role, in the deployment's currency.</summary>
    public Dictionary<string, decimal> ApprovalLimits { get; set; } = new(StringComparer.Ordinal)
    {
        [OfficerRoles.Officer] = 50_000m,
        [OfficerRoles.Supervisor] = 500_000m,
    };

    public TimeSpan Lockout => TimeSpan.FromMinutes(LockoutMinutes);

    /// <summary>The most <paramref name="role"/> may approve; zero for a role without a limit.</summary>
    public Money ApprovalLimit(string role) => ApprovalLimits.TryGetValue(role, out var limit) ? Money.Round(limit) : Money.Zero;
}
