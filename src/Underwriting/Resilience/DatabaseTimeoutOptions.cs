using System.ComponentModel.DataAnnotations;
using Microcredit.Scoring.Storage;

namespace Microcredit.Underwriting.Resilience;

/// <summary>
/// How long a request waits on the database before it is answered 503 (<see cref="DatabaseUnavailable"/>):
/// a merchant app retrying after a second is better served than one held for the drivers' default
/// 15 s connect and 30 s statement waits. Configuration <c>DatabaseTimeouts:Connect</c> and
/// <c>DatabaseTimeouts:Command</c>; a timeout named in the database setting itself wins.
/// </summary>
public sealed class DatabaseTimeoutOptions
{
    public const string Section = "DatabaseTimeouts";

    /// <summary>Opening a PostgreSQL connection, or waiting for one from a full pool (whole seconds).</summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:10:00")]
    public TimeSpan Connect { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>One statement, including a SQLite statement's wait for another process's write lock (whole seconds).</summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:10:00")]
    public TimeSpan Command { get; set; } = TimeSpan.FromSeconds(5);

    public DatabaseTimeouts ToTimeouts() => new(Connect, Command);
}
