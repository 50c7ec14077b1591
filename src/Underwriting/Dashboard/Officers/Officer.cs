namespace Microcredit.Underwriting.Dashboard.Officers;

/// <summary>An officers row (instants in Unix ms).</summary>
public sealed record Officer(
    string OfficerId, string DisplayName, string Role, string PasswordHash, long FailedAttempts, long? LockedUntil, string SecurityStamp, long CreatedAt, long UpdatedAt);
