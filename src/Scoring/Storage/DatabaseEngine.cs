namespace Microcredit.Scoring.Storage;

/// <summary>The two storage engines behind the one schema.</summary>
public enum DatabaseEngine
{
    /// <summary>Embedded default: a single file, zero set-up.</summary>
    Sqlite,

    /// <summary>Server engine for several API instances and a Quartz cluster.</summary>
    Postgres,
}
