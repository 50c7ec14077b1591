using System.Data.Common;
using System.Security.Cryptography;
using Microcredit.Scoring.Storage;
using Microcredit.Underwriting.Api;

namespace Microcredit.Underwriting.Idempotency;

/// <summary>
/// Stored responses to POSTs by (API key, Idempotency-Key). The record is inserted in the same
/// transaction as the work, so a retry after a crash either finds the committed response or finds
/// nothing and does the work again; two concurrent retries race on the primary key and the loser
/// rolls back and replays the winner's response.
/// </summary>
public static class IdempotencyKeys
{
    public const string Header = "Idempotency-Key";

    public const int MaxLength = 200;

    /// <summary>SHA-256 over method, path and the exact body bytes.</summary>
    public static string HashOf(string method, string path, ReadOnlySpan<byte> body)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        hash.AppendData(System.Text.Encoding.UTF8.GetBytes($"{method} {path}\n"));
        hash.AppendData(body);
        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }

    public static async Task<IdempotencyRecord?> FindAsync(DbConnection connection, DbTransaction? transaction, string keyId, string idempotencyKey, CancellationToken cancellationToken)
    {
        var command = PreparedCommands.Get(
            connection,
            transaction,
            "SELECT request_hash, CAST(status_code AS BIGINT), response FROM idempotency_keys WHERE key_id = @keyId AND idempotency_key = @idempotencyKey",
            ["keyId", "idempotencyKey"],
            keyId,
            idempotencyKey);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? new IdempotencyRecord(reader.GetString(0), reader.GetInt64(1), reader.GetString(2)) : null;
    }

    // Parameter names of its own (idem…), apart from those of statements sent with it.
    private const string InsertSql =
        """
        INSERT INTO idempotency_keys (key_id, idempotency_key, request_hash, status_code, response, created_at)
        VALUES (@idemKeyId, @idemKey, @idemHash, @idemStatus, @idemResponse, @idemAt)
        """;

    private static readonly string[] InsertParameters = ["idemKeyId", "idemKey", "idemHash", "idemStatus", "idemResponse", "idemAt"];

    private static object?[] InsertValues(string keyId, string idempotencyKey, IdempotencyRecord record, DateTimeOffset now) =>
        [keyId, idempotencyKey, record.RequestHash, record.StatusCode, record.Response, DbTime.ToDb(now)];

    /// <summary>
    /// PostgreSQL only: runs <paramref name="inserts"/> and inserts the record in one command on
    /// <paramref name="connection"/>, outside any transaction, which the server runs as one
    /// transaction and commits before it answers. False, with nothing written, when another request
    /// with the same key committed first.
    /// </summary>
    public static async Task<bool> TryInsertWithAsync(
        DbConnection connection, Api.PostStatement inserts, string keyId, string idempotencyKey, IdempotencyRecord record, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(inserts);
        if (connection is not Npgsql.NpgsqlConnection)
        {
            // SQLite would commit each statement of the command on its own.
            throw new NotSupportedException("One-command inserts are atomic on PostgreSQL only.");
        }

        try
        {
            // No ON CONFLICT: a key another request committed first fails the whole command.
            await PreparedCommands.Get(
                    connection,
                    null,
                    inserts.Sql + ";\n" + InsertSql,
                    [.. inserts.Names, .. InsertParameters],
                    [.. inserts.Values, .. InsertValues(keyId, idempotencyKey, record, now)])
                .ExecuteNonQueryAsync(cancellationToken);
            return true;
        }
        catch (Npgsql.PostgresException ex) when (ex.SqlState == Npgsql.PostgresErrorCodes.UniqueViolation && ex.ConstraintName == "idempotency_keys_pkey")
        {
            return false;
        }
    }

    /// <summary>Inserts the record; false when another request with the same key committed first.</summary>
    public static async Task<bool> TryInsertAsync(
        DbConnection connection, DbTransaction transaction, string keyId, string idempotencyKey, IdempotencyRecord record, DateTimeOffset now, CancellationToken cancellationToken) =>
        await PreparedCommands.Get(
            connection,
            transaction,
            InsertSql + " ON CONFLICT (key_id, idempotency_key) DO NOTHING",
            InsertParameters,
            InsertValues(keyId, idempotencyKey, record, now)).ExecuteNonQueryAsync(cancellationToken) == 1;
}
