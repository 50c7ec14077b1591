using System.Security.Cryptography;
using Microcredit.Scoring.Storage;

namespace Microcredit.Underwriting.Dashboard.Officers;

/// <summary>What an officer's password must be, and a generator for the ones the CLI hands out.</summary>
public static class PasswordRules
{
    public const int MinimumLength = 12;

    /// <summary>Why <paramref name="password"/> is not acceptable, or null when it is.</summary>
    public static string? Problem(string password) =>
        password.Length < MinimumLength ? $"A password needs at least {MinimumLength} characters."
        : password.Length > 256 ? "A password may have at most 256 characters."
        : string.IsNullOrWhiteSpace(password) ? "A password cannot be only spaces."
        : null;

    /// <summary>20 random base32 characters (100 bits).</summary>
    public static string Generate() => Ids.Base32(RandomNumberGenerator.GetBytes(13))[..20];
}
