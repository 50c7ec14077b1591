namespace Microcredit.Scoring.Storage;

/// <summary>
/// How long a process waits on its database before giving up: to open a PostgreSQL connection
/// (or get one from a full pool), and for one statement to finish — on SQLite that is the wait for
/// another process's write lock. A setting that names a timeout itself (<c>Timeout</c>,
/// <c>Command Timeout</c>, <c>Default Timeout</c>) keeps it.
/// </summary>
/// <param name="Connect">PostgreSQL's <c>Timeout</c>: opening a connection, whole seconds (at least 1).</param>
/// <param name="Command">PostgreSQL's <c>Command Timeout</c> and SQLite's <c>Default Timeout</c> and busy timeout, whole seconds (at least 1).</param>
public sealed record DatabaseTimeouts(TimeSpan Connect, TimeSpan Command)
{
    /// <summary>The drivers' defaults (15 s to connect, 30 s a statement): the command line and jobs, which may wait.</summary>
    public static readonly DatabaseTimeouts Default = new(TimeSpan.FromSeconds(15), TimeSpan.FromSeconds(30));

    internal int ConnectSeconds => Seconds(Connect);

    internal int CommandSeconds => Seconds(Command);

    private static int Seconds(TimeSpan span) => Math.Max(1, (int)Math.Ceiling(span.TotalSeconds));
}
