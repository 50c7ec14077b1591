namespace Microcredit.Underwriting.Dashboard.Officers;

/// <summary>The dashboard's roles. A supervisor may do everything an officer may, and more.</summary>
public static class OfficerRoles
{
    public const string Officer = "officer";
    public const string Supervisor = "supervisor";

    public static bool IsKnown(string role) => role is Officer or Supervisor;
}
