using System.Data.Common;
using Dapper;
using Microcredit.Scoring.Storage;
using Microcredit.Underwriting.Audit;
using Microsoft.AspNetCore.Identity;

namespace Microcredit.Underwriting.Dashboard.Officers;

/// <summary>
/// Officer accounts: created and reset from the CLI, checked at sign-in. Passwords are stored as
/// ASP.NET Core Identity's PBKDF2 hashes; the fifth consecutive failure locks the account for the
/// lockout period, during which even the right password is refused. Counting happens in one UPDATE,
/// so two instances that see failures at once still lock at five.
/// </summary>
public static class OfficerAccounts
{
    public const int MaxFailedAttempts = 5;

    public static readonly TimeSpan DefaultLockout = TimeSpan.FromMinutes(15);

    private static readonly PasswordHasher<Officer> Hasher = new();

    // Verified when the name is unknown, so that a wrong name costs as long as a wrong password.
    private static readonly string DummyHash = Hasher.HashPassword(null!, PasswordRules.Generate());

    private const string Columns =
        """
        officer_id AS OfficerId, display_name AS DisplayName, role AS Role, password_hash AS PasswordHash, failed_attempts AS FailedAttempts,
        locked_until AS LockedUntil, security_stamp AS SecurityStamp, created_at AS CreatedAt, updated_at AS UpdatedAt
        """;

    /// <summary>Creates an officer; false when the id is taken.</summary>
    public static async Task<bool> CreateAsync(
        DbConnection connection, DbTransaction transaction, string officerId, string displayName, string role, string password, string actor, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        if (!OfficerRoles.IsKnown(role))
        {
            throw new ArgumentException($"Unknown role '{role}'.", nameof(role));
        }

        var at = DbTime.ToDb(now);
        var inserted = await connection.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO officers (officer_id, display_name, role, password_hash, failed_attempts, locked_until, security_stamp, created_at, updated_at)
            VALUES (@officerId, @displayName, @role, @hash, 0, NULL, @stamp, @at, @at)
            ON CONFLICT (officer_id) DO NOTHING
            """,
            new { officerId, displayName, role, hash = Hasher.HashPassword(null!, password), stamp = Ids.New("st_"), at },
            transaction,
            cancellationToken: cancellationToken));
        if (inserted > 0)
        {
            await AuditLog.WriteAsync(connection, transaction, actor, "officer.create", officerId, new { role }, now, cancellationToken);
        }

        return inserted > 0;
    }

    /// <summary>Sets a new password, clears any lockout and ends the officer's sessions; false when there is no such officer.</summary>
    public static async Task<bool> ResetPasswordAsync(
        DbConnection connection, DbTransaction transaction, string officerId, string password, string actor, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        var changed = await connection.ExecuteAsync(new CommandDefinition(
            """
            UPDATE officers SET password_hash = @hash, failed_attempts = 0, locked_until = NULL, security_stamp = @stamp, updated_at = @at
            WHERE officer_id = @officerId
            """,
            new { officerId, hash = Hasher.HashPassword(null!, password), stamp = Ids.New("st_"), at = DbTime.ToDb(now) },
            transaction,
            cancellationToken: cancellationToken));
        if (changed > 0)
        {
            await AuditLog.WriteAsync(connection, transaction, actor, "officer.reset-password", officerId, new { }, now, cancellationToken);
        }

        return changed > 0;
    }

    public static Task<Officer?> FindAsync(DbConnection connection, string officerId, CancellationToken cancellationToken = default) =>
        connection.QuerySingleOrDefaultAsync<Officer>(new CommandDefinition(
            $"SELECT {Columns} FROM officers WHERE officer_id = @officerId", new { officerId }, cancellationToken: cancellationToken));

    public static async Task<IReadOnlyList<Officer>> ListAsync(DbConnection connection, CancellationToken cancellationToken = default) =>
        [.. await connection.QueryAsync<Officer>(new CommandDefinition(
            $"SELECT {Columns} FROM officers ORDER BY officer_id", cancellationToken: cancellationToken))];

    /// <summary>Checks a sign-in attempt, counting failures and locking at the fifth; audited for known officers.</summary>
    public static async Task<OfficerSignIn> SignInAsync(
        DbConnection connection, string officerId, string password, TimeSpan lockout, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        var officer = await FindAsync(connection, officerId, cancellationToken);
        if (officer is null)
        {
            Hasher.VerifyHashedPassword(null!, DummyHash, password);
            return new OfficerSignIn(null, SignInRefusal.InvalidCredentials, null);
        }

        var at = DbTime.ToDb(now);
        if (officer.LockedUntil is { } until && until > at)
        {
            return new OfficerSignIn(null, SignInRefusal.LockedOut, DbTime.FromDb(until));
        }

        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        if (Hasher.VerifyHashedPassword(officer, officer.PasswordHash, password) == PasswordVerificationResult.Failed)
        {
            // A lock that has run out starts the count again.
            var (failed, lockedUntil) = await connection.QuerySingleAsync<(long, long?)>(new CommandDefinition(
                """
                UPDATE officers SET
                    failed_attempts = CASE WHEN locked_until IS NOT NULL AND locked_until <= @at THEN 1 ELSE failed_attempts + 1 END,
                    locked_until = CASE
                        WHEN locked_until IS NOT NULL AND locked_until <= @at THEN NULL
                        WHEN failed_attempts + 1 >= @max THEN @until
                        ELSE locked_until END,
                    updated_at = @at
                WHERE officer_id = @officerId
                RETURNING failed_attempts, locked_until
                """,
                new { officerId, at, max = MaxFailedAttempts, until = DbTime.ToDb(now + lockout) },
                transaction,
                cancellationToken: cancellationToken));
            var locked = lockedUntil is { } l && l > at;
            await AuditLog.WriteAsync(connection, transaction, officerId, locked ? "officer.locked-out" : "officer.sign-in-failed", officerId,
                new { failedAttempts = failed }, now, cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            return locked
                ? new OfficerSignIn(null, SignInRefusal.LockedOut, DbTime.FromDb(lockedUntil!.Value))
                : new OfficerSignIn(null, SignInRefusal.InvalidCredentials, null);
        }

        await connection.ExecuteAsync(new CommandDefinition(
            "UPDATE officers SET failed_attempts = 0, locked_until = NULL, updated_at = @at WHERE officer_id = @officerId",
            new { officerId, at },
            transaction,
            cancellationToken: cancellationToken));
        await AuditLog.WriteAsync(connection, transaction, officerId, "officer.sign-in", officerId, new { }, now, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return new OfficerSignIn(officer, SignInRefusal.None, null);
    }
}
