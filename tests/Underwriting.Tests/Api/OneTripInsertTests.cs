using Dapper;
using Microcredit.Scoring.Storage;
using Microcredit.Tests;
using Microcredit.Underwriting.Api;
using Microcredit.Underwriting.Idempotency;

namespace Microcredit.Underwriting.Tests.Api;

/// <summary>
/// On PostgreSQL a decision's inserts and its idempotency record go in one command: all of it
/// commits, or (another request holds the key) none of it does.
/// </summary>
public sealed class OneTripInsertTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 1, 12, 0, 0, TimeSpan.Zero);

    [PostgresFact]
    public async Task The_inserts_and_the_record_commit_together_and_a_taken_key_writes_nothing()
    {
        await using var database = await TestDatabase.CreateAsync(DatabaseEngine.Postgres);
        await using var connection = await database.Database.OpenAsync();
        var record = new IdempotencyRecord("hash-1", 201, """{"decisionId":"dec_1"}""");

        var first = await IdempotencyKeys.TryInsertWithAsync(connection, Block("M1"), "key_a", "retry-1", record, Now, CancellationToken.None);
        var second = await IdempotencyKeys.TryInsertWithAsync(connection, Block("M2"), "key_a", "retry-1", record with { Response = "{}" }, Now, CancellationToken.None);
        var otherKey = await IdempotencyKeys.TryInsertWithAsync(connection, Block("M3"), "key_b", "retry-1", record, Now, CancellationToken.None);

        Assert.True(first);
        Assert.False(second);
        Assert.True(otherKey);
        Assert.Equal(["M1", "M3"], await connection.QueryAsync<string>("SELECT merchant_id FROM blocklist ORDER BY merchant_id"));
        var stored = await IdempotencyKeys.FindAsync(connection, null, "key_a", "retry-1", CancellationToken.None);
        Assert.Equal(record, stored);
        Assert.Equal(2, await connection.ExecuteScalarAsync<long>("SELECT count(*) FROM idempotency_keys"));

        // The connection is usable afterwards: the failed command left no transaction open.
        Assert.Equal(1, await connection.ExecuteScalarAsync<int>("SELECT 1"));
    }

    [Fact]
    public async Task On_SQLite_it_refuses_since_each_statement_would_commit_alone()
    {
        await using var database = await TestDatabase.CreateAsync(DatabaseEngine.Sqlite);
        await using var connection = await database.Database.OpenAsync();

        await Assert.ThrowsAsync<NotSupportedException>(() => IdempotencyKeys.TryInsertWithAsync(
            connection, Block("M1"), "key_a", "retry-1", new IdempotencyRecord("h", 201, "{}"), Now, CancellationToken.None));
        Assert.Equal(0, await connection.ExecuteScalarAsync<long>("SELECT count(*) FROM blocklist"));
    }

    private static PostStatement Block(string merchantId) =>
        new("INSERT INTO blocklist (merchant_id, reason, added_by, added_at) VALUES (@id, 'test', 'test', 0)", ["id"], [merchantId]);
}
