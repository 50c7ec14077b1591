using System.Data.Common;
using System.Threading.Channels;
using Microcredit.Scoring.Storage;

namespace Microcredit.Underwriting.Api;

/// <summary>
/// Write transactions of the API. On SQLite, one write transaction at a time per process (one
/// writer task draining a queue): SQLite has a single writer, and waiting in an async queue is far
/// cheaper than SQLite's busy-retry sleeps; other processes on the same file still serialize
/// through SQLite's own lock. On PostgreSQL each write is its own transaction.
/// </summary>
/// <remarks>
/// <see cref="CommitAsync"/> is group commit on SQLite: the writes that queue up while one commit
/// is being made durable go into the next transaction together, so N requests cost one fsync
/// instead of N, and each still returns only after its writes are durable. Each runs in its own
/// savepoint, so one that refuses or throws undoes only its own writes.
/// </remarks>
public sealed class WriteGate : IAsyncDisposable
{
    /// <summary>Most writes per SQLite transaction; enough to absorb a burst, small enough to keep the commit short.</summary>
    private const int MaxBatch = 256;

    /// <summary>
    /// Writes between two checkpoints. Each checkpoint holds up the writes queued behind it for its
    /// two fsyncs plus its copying, which grows with the WAL: at 1,000 decisions/s, 2.6 ms every
    /// 100 writes made the wait for the writer the largest part of the slowest requests' time
    /// (server-side p99 2 ms); every 20 writes the client's p99 went from 7.1 to 4.9 ms, and every
    /// 10 back up to 6.4 (one run each, docs/benchmarks.md).
    /// </summary>
    private const int WritesPerCheckpoint = 20;

    private readonly Database database;
    private readonly Channel<Write>? queue;
    private readonly Task? writer;

    private int writesSinceCheckpoint;

    /// <summary>The SQLite writer's connection, used by the one writer task only.</summary>
    private DbConnection? writerConnection;

    public WriteGate(Database database)
    {
        this.database = database;
        if (database.Engine == DatabaseEngine.Sqlite)
        {
            queue = Channel.CreateUnbounded<Write>(new UnboundedChannelOptions { SingleReader = true });
            writer = Task.Run(WriteLoopAsync);
        }
    }

    /// <summary>
    /// Runs <paramref name="work"/> in a write transaction; its writes are kept when it returns
    /// true and undone when it returns false or throws. Returns its answer once kept writes are
    /// committed durably. The work must not depend on the cancellation of one request once
    /// started (on SQLite it shares the transaction with others). On PostgreSQL the transaction is
    /// on <paramref name="connection"/> when one is given (the request's), else on a new one.
    /// </summary>
    public async Task<bool> CommitAsync(Func<DbConnection, DbTransaction, CancellationToken, Task<bool>> work, CancellationToken cancellationToken, DbConnection? connection = null)
    {
        if (queue is null)
        {
            await using var opened = connection is null ? await database.OpenAsync(cancellationToken) : null;
            connection ??= opened!;
            await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
            if (!await work(connection, transaction, cancellationToken))
            {
                await transaction.RollbackAsync(cancellationToken);
                return false;
            }

            await transaction.CommitAsync(cancellationToken);
            return true;
        }

        var write = new Write(work, cancellationToken);
        await queue.Writer.WriteAsync(write, cancellationToken);
        return await write.Done.Task;
    }

    public async ValueTask DisposeAsync()
    {
        if (queue is not null)
        {
            queue.Writer.TryComplete();
            await writer!;
            if (writerConnection is not null)
            {
                await DiscardAsync(writerConnection);
            }
        }
    }

    private async Task WriteLoopAsync()
    {
        var batch = new List<Write>(MaxBatch);
        while (await queue!.Reader.WaitToReadAsync())
        {
            batch.Clear();
            while (batch.Count < MaxBatch && queue.Reader.TryRead(out var write))
            {
                if (write.CancellationToken.IsCancellationRequested)
                {
                    write.Done.TrySetCanceled(write.CancellationToken);
                }
                else
                {
                    batch.Add(write);
                }
            }

            if (batch.Count == 0)
            {
                continue;
            }

            try
            {
                await CommitBatchAsync(batch);
            }
            catch (Exception ex)
            {
                // The transaction as a whole failed (open, begin, a savepoint or the commit): nothing
                // of the batch is kept, and every write in it hears why.
                foreach (var write in batch)
                {
                    write.Done.TrySetException(ex);
                }
            }
        }
    }

    private async Task CommitBatchAsync(List<Write> batch)
    {
        var kept = new bool[batch.Count];
        var failed = new Exception?[batch.Count];
        // One connection for the writer's lifetime, so its prepared statements are kept
        // (PreparedCommands); after a failure of the transaction as a whole it is opened anew.
        writerConnection ??= await OpenWriterAsync();
        var connection = writerConnection;
        try
        {
            await using var transaction = await connection.BeginTransactionAsync(CancellationToken.None);
            for (var i = 0; i < batch.Count; i++)
            {
                await SavepointAsync(connection, transaction, "SAVEPOINT write");
                try
                {
                    kept[i] = await batch[i].Work(connection, transaction, CancellationToken.None);
                }
                catch (Exception ex)
                {
                    failed[i] = ex;
                }

                if (!kept[i])
                {
                    await SavepointAsync(connection, transaction, "ROLLBACK TO SAVEPOINT write");
                }

                await SavepointAsync(connection, transaction, "RELEASE SAVEPOINT write");
            }

            await transaction.CommitAsync(CancellationToken.None);
        }
        catch
        {
            writerConnection = null;
            await DiscardAsync(connection);
            throw;
        }

        for (var i = 0; i < batch.Count; i++)
        {
            if (failed[i] is { } ex)
            {
                batch[i].Done.TrySetException(ex);
            }
            else
            {
                batch[i].Done.TrySetResult(kept[i]);
            }
        }

        // After the batch's answers are out: the checkpoint delays only the writes queued behind it.
        writesSinceCheckpoint += batch.Count;
        if (writesSinceCheckpoint >= WritesPerCheckpoint)
        {
            writesSinceCheckpoint = 0;
            await CheckpointAsync(connection);
        }
    }

    private async Task<DbConnection> OpenWriterAsync()
    {
        var connection = await database.OpenAsync(CancellationToken.None);
        HotConnections.Unmapped(connection);
        // Its commits no longer checkpoint (CheckpointAsync does, after the answers).
        await using (var command = connection.CreateCommand())
        {
            command.CommandText = "PRAGMA wal_autocheckpoint=0";
            await command.ExecuteNonQueryAsync(CancellationToken.None);
        }

        PreparedCommands.Keep(connection);
        return connection;
    }

    /// <summary>
    /// Copies the WAL into the database file, on the writer's connection between two batches.
    /// With no write of this process beside it, it copies the whole WAL unless a reader still holds
    /// an older snapshot; the next write transaction then starts the WAL over from its first frame,
    /// overwriting blocks the file already has. A checkpoint beside the writer (as before) never
    /// caught up under load: the WAL grew without end (581 MB after 45,000 decisions), and every
    /// append to new blocks cost ext4 zeroing and page allocation (13% of the service's CPU, perf).
    /// A commit that reaches SQLite's own auto-checkpoint threshold would do this inside the commit,
    /// before its answers; here they are already out. PASSIVE takes no lock a reader waits for.
    /// Other processes on the file keep SQLite's default; a checkpoint that fails is retried
    /// after the next writes.
    /// </summary>
    private static async Task CheckpointAsync(DbConnection connection)
    {
        try
        {
            await PreparedCommands.Get(connection, null, "PRAGMA wal_checkpoint(PASSIVE)", []).ExecuteNonQueryAsync(CancellationToken.None);
        }
        catch (Microsoft.Data.Sqlite.SqliteException)
        {
            // Busy (another process checkpointing) or failing: the WAL grows until the next one.
        }
    }

    /// <summary>Closes the writer's connection for good: its handle must not go back to the pool with auto-checkpoint off.</summary>
    private static async Task DiscardAsync(DbConnection connection)
    {
        if (connection is Microsoft.Data.Sqlite.SqliteConnection sqlite)
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearPool(sqlite);
        }

        await connection.DisposeAsync();
    }

    private static Task<int> SavepointAsync(DbConnection connection, DbTransaction transaction, string sql) =>
        PreparedCommands.Get(connection, transaction, sql, []).ExecuteNonQueryAsync(CancellationToken.None);

    private sealed class Write(Func<DbConnection, DbTransaction, CancellationToken, Task<bool>> work, CancellationToken cancellationToken)
    {
        public Func<DbConnection, DbTransaction, CancellationToken, Task<bool>> Work { get; } = work;

        public CancellationToken CancellationToken { get; } = cancellationToken;

        public TaskCompletionSource<bool> Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
