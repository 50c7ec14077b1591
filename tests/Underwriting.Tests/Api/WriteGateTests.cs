using Dapper;
using Microcredit.Scoring.Storage;
using Microcredit.Tests;
using Microcredit.Underwriting.Api;

namespace Microcredit.Underwriting.Tests.Api;

/// <summary>
/// Group commit: many writes at once each keep or undo only their own rows, a throwing one fails
/// alone, and every kept row is there when its CommitAsync returns.
/// </summary>
public sealed class WriteGateTests
{
    [Theory, Engines]
    public async Task Concurrent_writes_keep_or_undo_only_their_own_rows(DatabaseEngine engine)
    {
        await using var database = await TestDatabase.CreateAsync(engine);
        await using var gate = new WriteGate(database.Database);

        // Writer i inserts block-list row Mi; every third refuses (false), every fifth other throws.
        async Task<string> WriteAsync(int i)
        {
            try
            {
                var kept = await gate.CommitAsync(
                    async (connection, transaction, token) =>
                    {
                        await connection.ExecuteAsync(new CommandDefinition(
                            "INSERT INTO blocklist (merchant_id, reason, added_by, added_at) VALUES (@id, 'test', 'test', 0)",
                            new { id = $"M{i:D3}" },
                            transaction,
                            cancellationToken: token));
                        return i % 5 == 4 && i % 3 != 0 ? throw new InvalidOperationException($"writer {i}") : i % 3 != 0;
                    },
                    CancellationToken.None);
                await using var connection = await database.Database.OpenAsync();
                var present = await connection.ExecuteScalarAsync<long>("SELECT count(*) FROM blocklist WHERE merchant_id = @id", new { id = $"M{i:D3}" });
                return $"{(kept ? "kept" : "undone")}:{present}";
            }
            catch (InvalidOperationException ex) when (ex.Message == $"writer {i}")
            {
                return "threw";
            }
        }

        var outcomes = await Task.WhenAll(Enumerable.Range(0, 60).Select(i => Task.Run(() => WriteAsync(i))));

        var expected = Enumerable.Range(0, 60).Select(i => i % 3 == 0 ? "undone:0" : i % 5 == 4 ? "threw" : "kept:1").ToArray();
        Assert.Equal(expected, outcomes);
        await using var check = await database.Database.OpenAsync();
        Assert.Equal(expected.Count(o => o == "kept:1"), await check.ExecuteScalarAsync<long>("SELECT count(*) FROM blocklist"));
    }

    [Fact]
    public async Task On_SQLite_the_WAL_starts_over_instead_of_growing_with_every_write()
    {
        await using var database = await TestDatabase.CreateAsync(DatabaseEngine.Sqlite);
        await using var gate = new WriteGate(database.Database);

        // A reader beside the writes, as requests are: its snapshots kept a checkpoint beside the
        // writer from ever copying the whole WAL, so it never started over.
        using var stop = new CancellationTokenSource();
        var reads = 0;
        var reader = Task.Run(async () =>
        {
            await using var connection = await database.Database.OpenAsync();
            while (!stop.IsCancellationRequested)
            {
                await connection.ExecuteScalarAsync<long>("SELECT count(*) FROM blocklist");
                reads++;
            }
        });

        const int Writes = 2_000;
        for (var i = 0; i < Writes; i++)
        {
            await gate.CommitAsync(
                async (connection, transaction, token) =>
                {
                    await connection.ExecuteAsync(new CommandDefinition(
                        "INSERT INTO blocklist (merchant_id, reason, added_by, added_at) VALUES (@id, 'test', 'test', 0)", new { id = $"M{i:D5}" }, transaction, cancellationToken: token));
                    return true;
                },
                CancellationToken.None);
        }

        await stop.CancelAsync();
        await reader;
        Assert.True(reads > 0);
        await using (var check = await database.Database.OpenAsync())
        {
            Assert.Equal(Writes, await check.ExecuteScalarAsync<long>("SELECT count(*) FROM blocklist"));
        }

        // Each of the 2,000 transactions appends at least two frames of 4,096 + 24 bytes (a table
        // page and its primary key's index page): 16.5 MB if the WAL never started over.
        var wal = new FileInfo(database.Setting + "-wal").Length;
        Assert.InRange(wal, 1, 6_000_000);
    }
}
