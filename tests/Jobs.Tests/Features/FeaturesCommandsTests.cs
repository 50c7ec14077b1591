using Dapper;
using Microcredit.Jobs.Cli;
using Microcredit.Jobs.Tests.Cli;
using Microcredit.Scoring.Features;
using Microcredit.Scoring.Storage;
using Microcredit.Tests;

namespace Microcredit.Jobs.Tests.Features;

public sealed class FeaturesCommandsTests : IDisposable
{
    private readonly string directory = Path.Combine(Path.GetTempPath(), "microcredit-tests", $"features-{Guid.NewGuid():N}");

    public FeaturesCommandsTests() => Directory.CreateDirectory(directory);

    public void Dispose() => Directory.Delete(directory, recursive: true);

    [Fact]
    public async Task List_PrintsEveryFeatureOnStdout()
    {
        var result = await CliRunner.RunAsync("features", "list");

        Assert.Equal(ExitCodes.Ok, result.ExitCode);
        foreach (var f in FeatureCatalog.All)
        {
            Assert.Contains(f.Name, result.Out, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task ListMarkdown_IsTheGeneratedDocSection()
    {
        var result = await CliRunner.RunAsync("features", "list", "--markdown");

        Assert.Equal(FeatureCatalog.ToMarkdown(), result.Out);
    }

    [Theory, Engines]
    public async Task BuildThenExport_WritesOneRowPerMerchantWithHandComputedValues(DatabaseEngine engine)
    {
        await using var test = await TestDatabase.CreateAsync(engine);
        await InsertAsync(test.Database);
        var csv = Path.Combine(directory, "features.csv");

        var build = await CliRunner.RunAsync("features", "build", "--as-of", "2025-07-01", "--database", test.Setting);
        var export = await CliRunner.RunAsync("features", "export", "--as-of", "2025-07-01", "--out", csv, "--database", test.Setting);

        Assert.True(build.ExitCode == ExitCodes.Ok, build.Error);
        Assert.True(export.ExitCode == ExitCodes.Ok, export.Error);
        var lines = File.ReadAllLines(csv);
        Assert.Equal(2, lines.Length); // header + m1; m2 registers on 07-01
        var row = lines[0].Split(',').Zip(lines[1].Split(',')).ToDictionary(p => p.First, p => p.Second);
        Assert.Equal("m1", row["merchant_id"]);
        Assert.Equal("181", row["TENURE_DAYS"]);          // 2025-01-01 → 07-01
        Assert.Equal("100.00", row["GMV_30D"]);           // o1, 06-15
        Assert.Equal("200.00", row["GMV_90D"]);           // + o2, 04-20
        Assert.Equal("2", row["ORDERS_90D"]);
        Assert.Equal("100.00", row["AOV_90D"]);
        Assert.Equal("", row["GMV_YOY_90D"]);             // nothing a year earlier: missing
        Assert.Equal("1", row["GMV_GROWTH_90D"]);         // 200 / (o3 100, 03-20) − 1
        Assert.Equal("100.00", row["PENDING_ORDER_VALUE"]); // o1 shipped, not settled
        Assert.Equal("3", row["PAST_LOANS"]);             // L0, L1, L2 all disbursed before 07-01
        Assert.Equal("1", row["REFUND_SURGE_30D"]);
    }

    [Theory, Engines]
    public async Task Build_SameDateTwice_GivesTheSameExport(DatabaseEngine engine)
    {
        await using var test = await TestDatabase.CreateAsync(engine);
        await InsertAsync(test.Database);
        var first = Path.Combine(directory, "first.csv");
        var second = Path.Combine(directory, "second.csv");

        await CliRunner.RunAsync("features", "build", "--as-of", "2025-07-01", "--database", test.Setting);
        await CliRunner.RunAsync("features", "export", "--as-of", "2025-07-01", "--out", first, "--database", test.Setting);
        var again = await CliRunner.RunAsync("features", "build", "--as-of", "2025-07-01", "--database", test.Setting);
        await CliRunner.RunAsync("features", "export", "--as-of", "2025-07-01", "--out", second, "--database", test.Setting);

        Assert.Equal(ExitCodes.Ok, again.ExitCode);
        Assert.Equal(File.ReadAllBytes(first), File.ReadAllBytes(second));
        await using var connection = await test.Database.OpenAsync();
        Assert.Equal(1, await connection.ExecuteScalarAsync<long>("SELECT count(*) FROM feature_rows"));
    }

    [Fact]
    public async Task Export_DateNeverBuilt_FailsWithAHint()
    {
        await using var test = await TestDatabase.CreateAsync(DatabaseEngine.Sqlite);

        var result = await CliRunner.RunAsync("features", "export", "--as-of", "2025-07-01", "--out", Path.Combine(directory, "x.csv"), "--database", test.Setting);

        Assert.Equal(ExitCodes.Failure, result.ExitCode);
        Assert.Contains("credit features build --as-of 2025-07-01", result.Error, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(directory, "x.csv")));
    }

    [Fact]
    public async Task Build_BadDate_IsAUsageError()
    {
        var result = await CliRunner.RunAsync("features", "build", "--as-of", "01/07/2025");

        Assert.Equal(ExitCodes.Usage, result.ExitCode);
        Assert.Contains("YYYY-MM-DD", result.Error, StringComparison.Ordinal);
    }

    [Theory, Engines]
    public async Task DatasetBuild_WritesLoansWithKnownOutcomes_FeaturesAsOfDisbursement(DatabaseEngine engine)
    {
        await using var test = await TestDatabase.CreateAsync(engine);
        await InsertAsync(test.Database);
        var csv = Path.Combine(directory, "train.csv");

        var result = await CliRunner.RunAsync("dataset", "build", "--from", "2025-01-01", "--to", "2025-07-01", "--out", csv, "--database", test.Setting);

        Assert.True(result.ExitCode == ExitCodes.Ok, result.Error);
        var lines = File.ReadAllLines(csv);
        var header = lines[0].Split(',');
        Assert.Equal(["loan_id", "merchant_id", "disbursed_at", "product"], header[..4]);
        Assert.Equal("default", header[^1]);
        Assert.Equal(4 + FeatureCatalog.Count + 1, header.Length);
        // L0 repaid in time; L1 short after maturity + 30 days; L2's window (to 11-28) has not ended at the data's end.
        Assert.Equal(3, lines.Length);
        var l0 = lines[1].Split(',');
        var l1 = lines[2].Split(',');
        Assert.Equal(["L0", "m1", "2025-02-01T10:00:00.000Z", "order"], l0[..4]);
        Assert.Equal("0", l0[^1]);
        Assert.Equal(["L1", "m1", "2025-03-01T10:00:00.000Z", "order"], l1[..4]);
        Assert.Equal("1", l1[^1]);
        var pastLoans = Array.IndexOf(header, "PAST_LOANS");
        Assert.Equal("0", l0[pastLoans]);
        Assert.Equal("1", l1[pastLoans]);
        Assert.Contains("left out 1 with outcome not yet known", result.Error, StringComparison.Ordinal);
    }

    [Theory, Engines]
    public async Task DatasetBuild_AsOfBeforeAnOutcomeIsKnown_LeavesTheLoanOut(DatabaseEngine engine)
    {
        await using var test = await TestDatabase.CreateAsync(engine);
        await InsertAsync(test.Database);
        var csv = Path.Combine(directory, "train.csv");

        // L1's window ends 2025-05-01 00:00 (maturity 04-01 + 30 days): not known as of 04-30.
        var result = await CliRunner.RunAsync("dataset", "build", "--from", "2025-01-01", "--to", "2025-07-01", "--as-of", "2025-04-30", "--out", csv, "--database", test.Setting);

        Assert.Equal(ExitCodes.Ok, result.ExitCode);
        Assert.Equal(["L0"], File.ReadAllLines(csv).Skip(1).Select(l => l.Split(',')[0]));
    }

    private static async Task InsertAsync(Database database)
    {
        static long Ms(string iso) => DateTimeOffset.Parse(iso, System.Globalization.CultureInfo.InvariantCulture).ToUnixTimeMilliseconds();
        await using var connection = await database.OpenAsync();
        await connection.ExecuteAsync(
            "INSERT INTO merchants (merchant_id, registered_at, category, region, kyc_verified) VALUES (@Id, @At, 'toys', 'Anhui', 1)",
            new[] { new { Id = "m1", At = Ms("2025-01-01T00:00:00Z") }, new { Id = "m2", At = Ms("2025-07-01T00:00:00Z") } });
        await connection.ExecuteAsync(
            "INSERT INTO orders (order_id, merchant_id, buyer_id, amount, created_at, shipped_at, settled_at) VALUES (@Id, 'm1', 'b1', 10000, @Created, @Shipped, @Settled)",
            new[]
            {
                new { Id = "o1", Created = Ms("2025-06-15T10:00:00Z"), Shipped = (long?)Ms("2025-06-16T10:00:00Z"), Settled = (long?)null },
                new { Id = "o2", Created = Ms("2025-04-20T10:00:00Z"), Shipped = (long?)Ms("2025-04-21T10:00:00Z"), Settled = (long?)Ms("2025-04-25T10:00:00Z") },
                new { Id = "o3", Created = Ms("2025-03-20T10:00:00Z"), Shipped = (long?)null, Settled = (long?)null },
            });
        await connection.ExecuteAsync(
            "INSERT INTO loans (loan_id, merchant_id, product, principal, daily_rate, disbursed_at, maturity_date) VALUES (@Id, 'm1', @Product, 10000, 500, @At, @Maturity)",
            new[]
            {
                new { Id = "L0", Product = "order", At = Ms("2025-02-01T10:00:00Z"), Maturity = "2025-03-01" },
                new { Id = "L1", Product = "order", At = Ms("2025-03-01T10:00:00Z"), Maturity = "2025-04-01" },
                new { Id = "L2", Product = "credit", At = Ms("2025-06-01T10:00:00Z"), Maturity = "2025-08-01" },
            });
        await connection.ExecuteAsync(
            "INSERT INTO installments (loan_id, seq, due_date, principal_due, interest_due) VALUES (@Id, 1, @Due, 10000, 200)",
            new[] { new { Id = "L0", Due = "2025-03-01" }, new { Id = "L1", Due = "2025-04-01" }, new { Id = "L2", Due = "2025-08-01" } });
        await connection.ExecuteAsync(
            "INSERT INTO repayments (loan_id, paid_at, amount) VALUES (@Id, @At, @Amount)",
            new[] { new { Id = "L0", At = Ms("2025-02-20T10:00:00Z"), Amount = 10200L }, new { Id = "L1", At = Ms("2025-04-10T10:00:00Z"), Amount = 5000L } });
    }
}
