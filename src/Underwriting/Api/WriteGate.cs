using Microcredit.Scoring.Storage;

namespace Microcredit.Underwriting.Api;

/// <summary>
/// On SQLite, one write transaction at a time per process: SQLite has a single writer, and waiting
/// here (an async queue) is far cheaper than SQLite's busy-retry sleeps. Other processes on the same
/// file still serialize through SQLite's own lock. On PostgreSQL it does nothing.
/// </summary>
public sealed class WriteGate(Database database)
{
    private readonly SemaphoreSlim? gate = database.Engine == DatabaseEngine.Sqlite ? new SemaphoreSlim(1, 1) : null;

    public async ValueTask<Releaser> EnterAsync(CancellationToken cancellationToken)
    {
        if (gate is not null)
        {
            await gate.WaitAsync(cancellationToken);
        }

        return new Releaser(gate);
    }

    public readonly struct Releaser(SemaphoreSlim? gate) : IAsyncDisposable
    {
        public ValueTask DisposeAsync()
        {
            gate?.Release();
            return ValueTask.CompletedTask;
        }
    }
}
