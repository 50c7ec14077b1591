using System.Data.Common;
using System.Security.Cryptography;
using System.Text;
using Dapper;
using Microcredit.Scoring.Storage;
using Microcredit.Underwriting.Policy;

namespace Microcredit.Underwriting.Decisions;

/// <summary>
/// Policy versions the service has run with, kept in the database beside the decisions that name
/// them, so replay applies the policy of the day. A version's text may not change: a changed policy
/// needs a new version.
/// </summary>
public static class PolicyStore
{
    /// <summary>Records the running policy's text under its version.</summary>
    /// <exception cref="PolicyException">The version is stored with other text.</exception>
    public static async Task RegisterAsync(DbConnection connection, CreditPolicy policy, string text, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var sha = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
        await connection.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO policies (policy_version, sha256, policy, loaded_at) VALUES (@version, @sha, @text, @at)
            ON CONFLICT (policy_version) DO NOTHING
            """,
            new { version = policy.Version, sha, text, at = DbTime.ToDb(now) },
            cancellationToken: cancellationToken));
        var stored = await connection.ExecuteScalarAsync<string>(new CommandDefinition(
            "SELECT sha256 FROM policies WHERE policy_version = @version", new { version = policy.Version }, cancellationToken: cancellationToken));
        if (stored != sha)
        {
            throw new PolicyException($"Policy version {policy.Version} is already recorded with different content; give the changed policy a new \"version\".");
        }
    }

    /// <summary>The policy stored under a version, or null.</summary>
    public static async Task<CreditPolicy?> LoadAsync(DbConnection connection, string version, CancellationToken cancellationToken)
    {
        var text = await connection.ExecuteScalarAsync<string?>(new CommandDefinition(
            "SELECT policy FROM policies WHERE policy_version = @version", new { version }, cancellationToken: cancellationToken));
        return text is null ? null : PolicyLoader.Parse(text, $"policy {version}");
    }
}
