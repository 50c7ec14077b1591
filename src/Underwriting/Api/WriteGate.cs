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

    /// <summary>Writes between two checkpoints: a decision writes a few pages, SQLite's own default is 1,000 pages.</summary>
    private const int WritesPerCheckpoint = 300;

    private readonly Database database;
    private readonly Channel<Write>? queue;
    private readonly Task? writer;

    private readonly Channel<bool>? checkpoints;

    private readonly Task? checkpointer;

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
            checkpoints = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite, SingleReader = true });
            checkpointer = Task.Run(CheckpointLoopAsync);
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
            checkpoints!.Writer.TryComplete();
            await checkpointer!;
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

        writesSinceCheckpoint += batch.Count;
        if (writesSinceCheckpoint >= WritesPerCheckpoint)
        {
            writesSinceCheckpoint = 0;
            checkpoints!.Writer.TryWrite(true);
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
    }

    private async Task<DbConnection> OpenWriterAsync()
    {
        var connection = await database.OpenAsync(CancellationToken.None);
        HotConnections.Unmapped(connection);
        // Its commits no longer checkpoint (CheckpointLoopAsync does, beside it).
        await using (var command = connection.CreateCommand())
        {
            command.CommandText = "PRAGMA wal_autocheckpoint=0";
            await command.ExecuteNonQueryAsync(CancellationToken.None);
        }

        PreparedCommands.Keep(connection);
        return connection;
    }

    /// <summary>
    /// Checkpoints the WAL into the database file on a connection of its own, beside the writer.
    /// A commit that reaches SQLite's auto-checkpoint threshold checkpoints before it returns:
    /// about 1,000 pages copied and the database file fsynced, with every queued request waiting
    /// behind it (a stall of tens of milliseconds at a few hundred decisions/s, p99 above 100 ms).
    /// A PASSIVE checkpoint takes no lock a writer or a reader waits for. Other processes on the
    /// file keep SQLite's default, and a checkpoint that fails is retried at the next signal.
    /// </summary>
    private async Task CheckpointLoopAsync()
    {
        DbConnection? connection = null;
        await foreach (var _ in checkpoints!.Reader.ReadAllAsync())
        {
            try
            {
                connection ??= await database.OpenAsync(CancellationToken.None);
                await using var command = connection.CreateCommand();
                command.CommandText = "PRAGMA wal_checkpoint(PASSIVE)";
                await command.ExecuteNonQueryAsync(CancellationToken.None);
            }
            catch (Microsoft.Data.Sqlite.SqliteException)
            {
                // Busy or failing: the WAL grows a little until the next checkpoint gets through.
                if (connection is not null)
                {
                    await connection.DisposeAsync();
                    connection = null;
                }
            }
        }

        if (connection is not null)
        {
            await connection.DisposeAsync();
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
