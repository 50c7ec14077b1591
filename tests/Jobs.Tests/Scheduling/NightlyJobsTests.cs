using System.Globalization;
using Dapper;
using Microcredit.Jobs.Cli;
using Microcredit.Jobs.Scheduling;
using Microcredit.Jobs.Tests.Cli;
using Microcredit.Scoring.Registry;
using Microcredit.Scoring.Storage;
using Microcredit.Tests;

namespace Microcredit.Jobs.Tests.Scheduling;

/// <summary>
/// The night on a small simulated marketplace: its export dropped into the inbox, then ingest,
/// features and score-and-offers, each run twice for the same date; the reruns change nothing.
/// </summary>
public class NightlyJobsTests
{
    private static readonly DateOnly AsOf = new(2026, 11, 1);

    [Theory, Engines]
    public async Task IngestFeaturesScoreAndOffers_OnASample_AndRerunsWriteIdenticalRows(DatabaseEngine engine)
    {
        await using var test = await TestDatabase.CreateAsync(engine);
        var inbox = Directory.CreateTempSubdirectory("microcredit-inbox").FullName;
        try
        {
            var simulated = await CliRunner.RunAsync("simulate", "--merchants", "120", "--months", "10", "--end", "2026-10-31", "--seed", "5", "--out", Path.Combine(inbox, "export-2026-10-31"), "--gzip");
            Assert.True(simulated.ExitCode == ExitCodes.Ok, simulated.Error);
            foreach (var extra in Directory.GetFiles(Path.Combine(inbox, "export-2026-10-31")).Where(f => Path.GetFileName(f).Contains("truth", StringComparison.Ordinal)))
            {
                File.Delete(extra); // the simulator's answer key is not an input file
            }

            await ModelRegistry.SeedAsync(test.Database, Path.Combine(JobTestKit.RepoRoot(), "models"), TimeProvider.System);
            var runner = JobTestKit.Runner(test.Database, JobTestKit.Configuration(("Jobs:ingest:Inbox", inbox)));
            var merchants = 120L;

            var ingest = await ScoreAndOffersJobTests.RunAsync(runner, "ingest", AsOf);
            Assert.Equal("1 set(s) imported", ingest.Outcome!.Summary.Split(" (")[0]);
            Assert.Equal(merchants, await JobTestKit.CountAsync(test.Database, "SELECT count(*) FROM merchants"));
            Assert.Single(Directory.GetDirectories(Path.Combine(inbox, "processed")));

            var features = await ScoreAndOffersJobTests.RunAsync(runner, "features", AsOf);
            Assert.Equal(merchants, features.Outcome!.Rows);
            var snapshot = await FeatureRowsAsync(test.Database);
            var offersJob = await ScoreAndOffersJobTests.RunAsync(runner, "score-and-offers", AsOf);
            Assert.True(offersJob.Outcome!.Rows >= merchants);
            var offers = await ScoreAndOffersJobTests.OfferRowsAsync(test.Database);
            Assert.Equal(merchants, offers.Count);
            Assert.All(offers, o => Assert.Contains("|2026-11-01|", o, StringComparison.Ordinal));
            var rates = await OrderRatesAsync(test.Database);
            Assert.NotEmpty(rates);
            // Every priced order belongs to a merchant whose offer opens order loans; its advance is amount × rate down to the cent.
            Assert.Equal(0, await JobTestKit.CountAsync(test.Database,
                "SELECT count(*) FROM order_advance_rates r JOIN offers o ON o.merchant_id = r.merchant_id WHERE o.order_advance_rate = 0"));
            Assert.All(rates, r => Assert.Equal(r.OrderAmount * r.AdvanceRate / 1_000_000, r.AdvanceAmount));

            await ScoreAndOffersJobTests.RunAsync(runner, "features", AsOf);
            await ScoreAndOffersJobTests.RunAsync(runner, "score-and-offers", AsOf);
            Assert.Equal(snapshot, await FeatureRowsAsync(test.Database));
            Assert.Equal(1, await JobTestKit.CountAsync(test.Database, "SELECT count(*) FROM feature_snapshots"));
            Assert.Equal(offers, await ScoreAndOffersJobTests.OfferRowsAsync(test.Database));
            Assert.Equal(rates, await OrderRatesAsync(test.Database));

            var runs = await JobTestKit.CountAsync(test.Database, "SELECT count(*) FROM job_runs WHERE status = 'succeeded' AND as_of = '2026-11-01'");
            Assert.Equal(5, runs);
        }
        finally
        {
            Directory.Delete(inbox, recursive: true);
        }
    }

    [Fact]
    public async Task JobsRun_UnknownName_ExitsTwoListingTheJobs()
    {
        var result = await CliRunner.RunAsync("jobs", "run", "nightly");

        Assert.Equal(ExitCodes.Usage, result.ExitCode);
        Assert.Contains("No job is named 'nightly'. Jobs: ingest, features, score-and-offers", result.Error, StringComparison.Ordinal);
    }

    [Theory, Engines]
    public async Task JobsRunThenList_RecordsAndShowsTheRun(DatabaseEngine engine)
    {
        await using var test = await TestDatabase.CreateAsync(engine);

        var run = await CliRunner.RunAsync("jobs", "run", "features", "--as-of", "2026-07-01", "--database", test.Setting);
        Assert.True(run.ExitCode == ExitCodes.Ok, run.Error);
        Assert.Equal("features\t2026-07-01\tsucceeded\t1\t0", run.Out.Trim());

        var clock = new TestClock(new DateTimeOffset(2026, 7, 1, 0, 30, 0, TimeSpan.Zero));
        var list = await CliRunner.RunAsync(clock, "jobs", "list", "--database", test.Setting);
        Assert.True(list.ExitCode == ExitCodes.Ok, list.Error);
        var lines = list.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries).ToDictionary(l => l.Split('\t')[0], StringComparer.Ordinal);
        Assert.Equal("features\t0 0 1 * * ?\t2026-07-01 01:00Z\tsucceeded\t2026-07-01\t0\t", lines["features"]);
        Assert.Equal("ingest\t0 */5 * * * ?\t2026-07-01 00:35Z\tnever\t\t\t", lines["ingest"]);
        Assert.Equal("score-and-offers\t0 0 2 * * ?\t2026-07-01 02:00Z\tnever\t\t\t", lines["score-and-offers"]);
    }

    [Theory, Engines]
    public async Task JobsRun_FailingJob_ExitsOneWithItsError(DatabaseEngine engine)
    {
        await using var test = await TestDatabase.CreateAsync(engine);
        var settings = Path.Combine(Path.GetTempPath(), $"microcredit-jobs-{Guid.NewGuid():N}.json");
        // No champion model is registered, so score-and-offers fails on every attempt.
        await File.WriteAllTextAsync(settings, """{ "Jobs": { "Retry": { "Attempts": 2, "Backoff": "00:00:00.001" } } }""");
        try
        {
            var result = await CliRunner.RunAsync("jobs", "run", "score-and-offers", "--as-of", "2026-07-01", "--config", settings, "--database", test.Setting);

            Assert.Equal(ExitCodes.Failure, result.ExitCode);
            Assert.Contains("score-and-offers as of 2026-07-01 failed after 2 attempt(s): InvalidOperationException: The registry has no champion credit model", result.Error, StringComparison.Ordinal);
            Assert.Equal(2, await JobTestKit.CountAsync(test.Database, "SELECT count(*) FROM job_runs WHERE job = 'score-and-offers' AND status = 'failed'"));
        }
        finally
        {
            File.Delete(settings);
        }
    }

    private static async Task<List<string>> FeatureRowsAsync(Database database)
    {
        await using var connection = await database.OpenAsync();
        var rows = await connection.QueryAsync("SELECT * FROM feature_rows ORDER BY merchant_id");
        return [.. rows.Select(r => string.Join("|", ((IDictionary<string, object?>)r).Values.Select(v => Convert.ToString(v, CultureInfo.InvariantCulture))))];
    }

    private static async Task<List<(string OrderId, long OrderAmount, long AdvanceRate, long AdvanceAmount, double SettleProbability)>> OrderRatesAsync(Microcredit.Scoring.Storage.Database database)
    {
        await using var connection = await database.OpenAsync();
        return [.. await Dapper.SqlMapper.QueryAsync<(string, long, long, long, double)>(connection,
            "SELECT order_id, order_amount, advance_rate, advance_amount, settle_probability FROM order_advance_rates ORDER BY order_id")];
    }
}
