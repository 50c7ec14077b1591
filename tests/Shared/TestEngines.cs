using System.Reflection;
using Microcredit.Scoring.Storage;
using Xunit.Sdk;

namespace Microcredit.Tests;

/// <summary>
/// Which storage engines the tests run on: SQLite always; PostgreSQL whenever
/// MICROCREDIT_TEST_POSTGRES is set. Under CI=true a missing PostgreSQL is a failure.
/// </summary>
public static class TestEngines
{
    public static string? PostgresSetting => NullIfEmpty(Environment.GetEnvironmentVariable("MICROCREDIT_TEST_POSTGRES"));

    public static bool IsCi => string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);

    /// <summary>PostgreSQL runs when configured, and is demanded (so its absence fails) under CI.</summary>
    public static bool RunPostgres => PostgresSetting is not null || IsCi;

    public static IEnumerable<DatabaseEngine> All()
    {
        yield return DatabaseEngine.Sqlite;
        if (RunPostgres)
        {
            yield return DatabaseEngine.Postgres;
        }
    }

    private static string? NullIfEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;
}

/// <summary>Theory data: one row per engine of <see cref="TestEngines.All"/>.</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class EnginesAttribute : DataAttribute
{
    public override IEnumerable<object[]> GetData(MethodInfo testMethod) => TestEngines.All().Select(e => new object[] { e });
}

/// <summary>
/// A test that reports, visibly, when the PostgreSQL half of the storage tests was not run
/// (it is skipped with the reason outside CI, and runs and must pass under CI).
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class PostgresFactAttribute : FactAttribute
{
    public PostgresFactAttribute()
    {
        if (!TestEngines.RunPostgres)
        {
            Skip = NotConfigured;
        }
    }

    public static string NotConfigured => "PostgreSQL storage tests did not run: set MICROCREDIT_TEST_POSTGRES (CI sets it; see .ci/run).";
}
