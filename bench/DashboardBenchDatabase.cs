using System.Diagnostics;
using System.Globalization;
using Dapper;
using Microcredit.Jobs.Platform;
using Microcredit.Jobs.Scheduling;
using Microcredit.Scoring.Platform;
using Microcredit.Scoring.Storage;
using Microcredit.Underwriting.Dashboard.Officers;
using Microsoft.Extensions.Configuration;

namespace Microcredit.Bench;

/// <summary>
/// The `dashboard` bench's database: prepared the way <c>credit run</c> starts an empty platform
/// (PlatformBootstrap: data-samples imported, today pinned to the sample's last day, snapshot,
/// shipped models, offers), then the nightly jobs run so that every page has data — features,
/// servicing and monitoring on the three weeks before today and on today, score-and-offers (early
/// warning freezes) and retrain (a challenger) on today — and two run requests wait. Referred
/// decisions come from the running service (<see cref="DecideAsync"/>).
/// </summary>
internal static class DashboardBenchDatabase
{
    private const string PreparedKey = "bench.dashboard.prepared";

    public static async Task<DateOnly> PrepareAsync(string setting, string repository, string scratch)
    {
        var clock = Stopwatch.StartNew();
        using var database = Database.FromSetting(setting);
        var boot = await PlatformBootstrap.EnsureAsync(
            database,
            Path.Combine(repository, "data-samples"),
            Path.Combine(repository, "models"),
            Path.Combine(scratch, "demo-credentials.txt"),
            TimeProvider.System,
            line => Console.WriteLine("  " + line),
            CancellationToken.None);
        var today = boot.PinnedToday ?? throw new InvalidOperationException("the sample did not pin a today");
        var time = new PinnedClock(today, TimeProvider.System);
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["Jobs:Retry:Attempts"] = "1" }).Build();
        var runner = new JobRunner(database, time, configuration, "bench");
        foreach (var weeks in new[] { 3, 2, 1 })
        {
            var day = today.AddDays(-7 * weeks);
            await RunAsync(runner, JobCatalog.Features.Name, day);
            await RunAsync(runner, JobCatalog.Servicing.Name, day);
            await RunAsync(runner, JobCatalog.Monitoring.Name, day);
        }

        foreach (var job in new[] { JobCatalog.ScoreAndOffers, JobCatalog.Servicing, JobCatalog.Monitoring, JobCatalog.Retrain })
        {
            await RunAsync(runner, job.Name, today);
        }

        await using var connection = await database.OpenAsync();
        await using (var transaction = await connection.BeginTransactionAsync())
        {
            await JobRequests.AddAsync(connection, transaction, JobCatalog.Features.Name, null, "bench", time.GetUtcNow());
            await JobRequests.AddAsync(connection, transaction, JobCatalog.Monitoring.Name, today, "bench", time.GetUtcNow());
            await connection.ExecuteAsync(
                "INSERT INTO platform_settings (key, value) VALUES (@PreparedKey, @today) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                new { PreparedKey, today = DbTime.ToDb(today) },
                transaction);
            await transaction.CommitAsync();
        }

        Console.WriteLine($"  prepared in {clock.Elapsed.TotalSeconds:F1} s; today {DbTime.ToDb(today)}");
        return today;
    }

    /// <summary>The pinned today of a database a previous run prepared, or null.</summary>
    public static async Task<DateOnly?> PreparedAsync(string setting)
    {
        try
        {
            using var database = Database.FromSetting(setting);
            await using var connection = await database.OpenAsync();
            return await connection.ExecuteScalarAsync<string?>("SELECT value FROM platform_settings WHERE key = @PreparedKey", new { PreparedKey }) is { } text
                ? DbTime.DateFromDb(text)
                : null;
        }
        catch (Exception ex) when (ex is Microsoft.Data.Sqlite.SqliteException or Npgsql.PostgresException)
        {
            return null;
        }
    }

    /// <summary>
    /// Credit decisions through the running service until the database holds at least
    /// <paramref name="wanted"/> (the bench's cycled merchants and amounts: approvals, declines and
    /// referrals); returns the count by outcome.
    /// </summary>
    public static async Task<string> DecideAsync(string setting, Uri service, DateOnly today, int wanted)
    {
        var have = await ApiBenchDatabase.CountAsync(setting, "SELECT count(*) FROM decisions");
        if (have < wanted)
        {
            var target = await ApiBenchDatabase.CreateKeyAsync(setting, new PinnedClock(today, TimeProvider.System));
            var scenario = ApiBenchScenarios.All["credit-decisions"];
            using var client = new HttpClient { BaseAddress = service };
            var run = "dash-" + Ids.New("");
            for (var i = 0L; i < wanted - have; i++)
            {
                using var request = scenario.Build(target, run, i * 7);
                using var response = await client.SendAsync(request);
                if (!response.IsSuccessStatusCode)
                {
                    throw new InvalidOperationException($"decision {i}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
                }
            }
        }

        using var database = Database.FromSetting(setting);
        await using var connection = await database.OpenAsync();
        var outcomes = await connection.QueryAsync<(string Outcome, long Count)>("SELECT outcome, count(*) FROM decisions GROUP BY outcome ORDER BY outcome");
        return string.Join(", ", outcomes.Select(o => string.Create(CultureInfo.InvariantCulture, $"{o.Count:N0} {o.Outcome}")));
    }

    /// <summary>A supervisor for this run (a fresh id, so a reused database needs no reset); returns the id.</summary>
    public static async Task<string> SupervisorAsync(string setting, string password)
    {
        using var database = Database.FromSetting(setting);
        await using var connection = await database.OpenAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        var id = "bench-" + Ids.New("").ToLowerInvariant()[..8];
        await OfficerAccounts.CreateAsync(connection, transaction, id, "Bench supervisor", OfficerRoles.Supervisor, password, "bench", TimeProvider.System.GetUtcNow());
        await transaction.CommitAsync();
        return id;
    }

    /// <summary>A referred decision's id (for the case page), or null.</summary>
    public static async Task<string?> ReferredAsync(string setting)
    {
        using var database = Database.FromSetting(setting);
        await using var connection = await database.OpenAsync();
        return await connection.ExecuteScalarAsync<string?>("SELECT decision_id FROM decisions WHERE outcome = 'review' ORDER BY decided_at, decision_id LIMIT 1");
    }

    private static async Task RunAsync(JobRunner runner, string name, DateOnly day)
    {
        var clock = Stopwatch.StartNew();
        var result = await runner.RunAsync(JobRegistry.Find(name)!, day, recovering: false, CancellationToken.None);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  {name} {DbTime.ToDb(day)}: {(result.Succeeded ? result.Outcome!.Summary : "FAILED " + result.Error)} ({clock.Elapsed.TotalSeconds:F1} s)"));
    }
}
