namespace Microcredit.Scoring.Models.SqlExport;

/// <summary>The SQL dialects a scorecard can be exported to.</summary>
public enum SqlDialect
{
    Postgres,
    Sqlite,
}
