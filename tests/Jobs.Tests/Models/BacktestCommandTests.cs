using System.Globalization;
using System.Text.Json;
using Dapper;
using Microcredit.Jobs.Cli;
using Microcredit.Jobs.Tests.Cli;
using Microcredit.Scoring.Storage;
using Microcredit.Tests;
using static Microcredit.Jobs.Tests.Models.ModelTestFiles;

namespace Microcredit.Jobs.Tests.Models;

public sealed class BacktestCommandTests : IDisposable
{
    private readonly string directory = Path.Combine(Path.GetTempPath(), "microcredit-backtest-cli", Guid.NewGuid().ToString("N"));

    public BacktestCommandTests() => Directory.CreateDirectory(directory);

    public void Dispose() => Directory.Delete(directory, recursive: true);

    [Theory, Engines]
    public async Task Backtest_GroupsTheDatasetLoansByDisbursementMonth(DatabaseEngine engine)
    {
        await using var test = await TestDatabase.CreateAsync(engine);
        await InsertAsync(test.Database);
        var model = PromoteCommandTests.ShippedModel("credit.json");
        // The expected scores come through the other path: dataset build, then score.
        var dataset = Path.Combine(directory, "loans.csv");
        var scored = Path.Combine(directory, "scored.csv");
        Assert.Equal(ExitCodes.Ok, (await CliRunner.RunAsync("dataset", "build", "--from", "2025-01-01", "--to", "2025-04-01", "--as-of", "2025-09-01", "--out", dataset, "--database", test.Setting)).ExitCode);
        Assert.Equal(ExitCodes.Ok, (await CliRunner.RunAsync("score", "--model", model, "--data", dataset, "--out", scored, "--keep", "loan_id,disbursed_at,default")).ExitCode);
        var rows = ReadCsv(scored);

        var result = await CliRunner.RunAsync("backtest", "--model", model, "--from", "2025-01-01", "--to", "2025-04-01", "--as-of", "2025-09-01", "--json", "--database", test.Setting);

        Assert.True(result.ExitCode == ExitCodes.Ok, result.Error);
        using var json = JsonDocument.Parse(result.Out);
        var vintages = json.RootElement.GetProperty("vintages").EnumerateArray().ToList();
        // Hand count: January L1 good, L2 default, L3 good; February L4, L5 good; March L6 default, L7 good. L8 (April) is outside.
        Assert.Equal(["2025-01", "2025-02", "2025-03"], vintages.Select(v => v.GetProperty("vintage").GetString()));
        Assert.Equal([3, 2, 2], vintages.Select(v => v.GetProperty("loans").GetInt32()));
        Assert.Equal([1, 0, 1], vintages.Select(v => v.GetProperty("defaults").GetInt32()));
        Assert.Equal([1 / 3.0, 0, 0.5], vintages.Select(v => v.GetProperty("defaultRate").GetDouble()));
        var total = json.RootElement.GetProperty("total");
        Assert.Equal(7, total.GetProperty("loans").GetInt32());
        Assert.Equal(2, total.GetProperty("defaults").GetInt32());
        Assert.Equal(2 / 7.0, total.GetProperty("defaultRate").GetDouble(), 12);

        foreach (var vintage in vintages)
        {
            var inMonth = rows.Where(r => r["disbursed_at"].StartsWith(vintage.GetProperty("vintage").GetString()!, StringComparison.Ordinal)).ToList();
            var scores = inMonth.Select(r => Number(r["score"])).ToList();
            var bad = inMonth.Select(r => (int)Number(r["default"])).ToList();
            Assert.Equal(inMonth.Average(r => Number(r["pd"])), vintage.GetProperty("meanPd").GetDouble(), 12);
            if (bad.Sum() == 0)
            {
                Assert.Equal(JsonValueKind.Null, vintage.GetProperty("auc").ValueKind);
                Assert.Equal(JsonValueKind.Null, vintage.GetProperty("ks").ValueKind);
            }
            else
            {
                Assert.True(scores.Distinct().Count() > 1, "the loans of a vintage score differently, so its AUC says something");
                Assert.Equal(MannWhitney(scores, bad), vintage.GetProperty("auc").GetDouble(), 12);
                Assert.Equal(Ks(scores, bad), vintage.GetProperty("ks").GetDouble(), 12);
            }
        }

        var allScores = rows.Select(r => Number(r["score"])).ToList();
        var allBad = rows.Select(r => (int)Number(r["default"])).ToList();
        Assert.Equal(MannWhitney(allScores, allBad), total.GetProperty("auc").GetDouble(), 12);
        Assert.Contains("total", result.Error, StringComparison.Ordinal);
    }

    [Theory, Engines]
    public async Task Backtest_ErrorPaths_GiveClearMessagesAndExitCodes(DatabaseEngine engine)
    {
        await using var test = await TestDatabase.CreateAsync(engine);
        var model = PromoteCommandTests.ShippedModel("credit.json");

        var empty = await CliRunner.RunAsync("backtest", "--model", model, "--from", "2025-01-01", "--to", "2025-04-01", "--database", test.Setting);
        await InsertAsync(test.Database);
        var badDate = await CliRunner.RunAsync("backtest", "--model", model, "--from", "2025-01-01", "--to", "01/04/2025", "--database", test.Setting);
        var reversed = await CliRunner.RunAsync("backtest", "--model", model, "--from", "2025-04-01", "--to", "2025-01-01", "--database", test.Setting);
        var unknown = await CliRunner.RunAsync("backtest", "--model", "credit-000000000000", "--from", "2025-01-01", "--to", "2025-04-01", "--database", test.Setting);
        var none = await CliRunner.RunAsync("backtest", "--model", model, "--from", "2023-01-01", "--to", "2023-04-01", "--database", test.Setting);
        var noColumn = await CliRunner.RunAsync("backtest", "--model", PromoteCommandTests.ShippedModel("german.json"), "--from", "2025-01-01", "--to", "2025-04-01", "--as-of", "2025-09-01", "--database", test.Setting);

        Assert.Equal(ExitCodes.Failure, empty.ExitCode);
        Assert.Contains("holds no history", empty.Error, StringComparison.Ordinal);
        Assert.Equal(ExitCodes.Usage, badDate.ExitCode);
        Assert.Contains("YYYY-MM-DD", badDate.Error, StringComparison.Ordinal);
        Assert.Equal(ExitCodes.Usage, reversed.ExitCode);
        Assert.Equal(ExitCodes.Failure, unknown.ExitCode);
        Assert.Contains("No model 'credit-000000000000' in the registry", unknown.Error, StringComparison.Ordinal);
        Assert.Equal(ExitCodes.Failure, none.ExitCode);
        Assert.Contains("No loans disbursed in [2023-01-01, 2023-04-01)", none.Error, StringComparison.Ordinal);
        Assert.Equal(ExitCodes.Failure, noColumn.ExitCode);
        Assert.Contains("the model needs column 'checking_status'", noColumn.Error, StringComparison.Ordinal);
    }

    /// <summary>
    /// Six merchants registered on different days of 2024 (so their tenure, a model input, differs)
    /// and eight one-installment order loans of 100.00: a loan repaid before maturity is good, one
    /// never repaid defaults at maturity + 30 days.
    /// </summary>
    private static async Task InsertAsync(Database database)
    {
        static long Ms(string iso) => DateTimeOffset.Parse(iso, CultureInfo.InvariantCulture).ToUnixTimeMilliseconds();
        await using var connection = await database.OpenAsync();
        await connection.ExecuteAsync(
            "INSERT INTO merchants (merchant_id, registered_at, category, region, kyc_verified) VALUES (@Id, @At, 'toys', 'Anhui', 1)",
            new[] { ("m1", "2024-01-10"), ("m2", "2024-06-01"), ("m3", "2024-11-20"), ("m4", "2024-03-05"), ("m5", "2024-09-15"), ("m6", "2024-12-01") }
                .Select(m => new { Id = m.Item1, At = Ms(m.Item2 + "T00:00:00Z") }));
        (string Id, string Merchant, string Disbursed, string Maturity, bool Repaid)[] loans =
        [
            ("L1", "m1", "2025-01-05", "2025-02-05", true),
            ("L2", "m2", "2025-01-12", "2025-02-12", false),
            ("L3", "m3", "2025-01-20", "2025-02-20", true),
            ("L4", "m4", "2025-02-03", "2025-03-03", true),
            ("L5", "m5", "2025-02-17", "2025-03-17", true),
            ("L6", "m6", "2025-03-02", "2025-04-02", false),
            ("L7", "m1", "2025-03-25", "2025-04-25", true),
            ("L8", "m4", "2025-04-02", "2025-05-02", true),
        ];
        await connection.ExecuteAsync(
            "INSERT INTO loans (loan_id, merchant_id, product, principal, daily_rate, disbursed_at, maturity_date) VALUES (@Id, @Merchant, 'order', 10000, 500, @At, @Maturity)",
            loans.Select(l => new { l.Id, l.Merchant, At = Ms(l.Disbursed + "T10:00:00Z"), l.Maturity }));
        await connection.ExecuteAsync(
            "INSERT INTO installments (loan_id, seq, due_date, principal_due, interest_due) VALUES (@Id, 1, @Maturity, 10000, 200)",
            loans.Select(l => new { l.Id, l.Maturity }));
        await connection.ExecuteAsync(
            "INSERT INTO repayments (loan_id, paid_at, amount) VALUES (@Id, @At, 10200)",
            loans.Where(l => l.Repaid).Select(l => new { l.Id, At = Ms(l.Maturity + "T00:00:00Z") - (3 * 86_400_000L) }));
    }
}
