using Dapper;
using Microcredit.Jobs.Cli;
using Microcredit.Jobs.Tests.Cli;
using Microcredit.Jobs.Tests.Scheduling;
using Microcredit.Scoring.Storage;
using Microcredit.Tests;

namespace Microcredit.Jobs.Tests.Import;

public class ImportCommandTests
{
    [Theory, Engines]
    public async Task Import_DataSamples_SucceedsAndLoadsEveryFile(DatabaseEngine engine)
    {
        await using var test = await TestDatabase.CreateAsync(engine, migrate: false);

        var result = await CliRunner.RunAsync("import", "--dir", Path.Combine(JobTestKit.RepoRoot(), "data-samples"), "--database", test.Setting);

        Assert.True(result.ExitCode == ExitCodes.Ok, result.Error);
        await using var connection = await test.Database.OpenAsync();
        foreach (var table in new[] { "merchants", "orders", "loans", "installments", "repayments", "loan_orders" })
        {
            Assert.True(await connection.ExecuteScalarAsync<long>($"SELECT count(*) FROM {table}") > 0, $"{table} is empty");
        }
    }

    [Fact]
    public async Task Import_BadFile_ExitsWithFailureListingErrorsAndTheirCount()
    {
        await using var test = await TestDatabase.CreateAsync(DatabaseEngine.Sqlite, migrate: false);
        var folder = Directory.CreateTempSubdirectory("microcredit-cli-import");
        try
        {
            var rows = Enumerable.Range(1, 70).Select(i => $"M{i},2024-01-15 09:30,apparel,Zhejiang,true");
            await File.WriteAllTextAsync(Path.Combine(folder.FullName, "merchants.csv"), string.Join('\n', ["merchant_id,registered_at,category,region,kyc_verified", .. rows]) + "\n");

            var result = await CliRunner.RunAsync("import", "--dir", folder.FullName, "--database", test.Setting);

            Assert.Equal(ExitCodes.Failure, result.ExitCode);
            var listed = result.Error.Split('\n').Where(l => l.StartsWith("error: merchants.csv line ", StringComparison.Ordinal)).ToList();
            Assert.Equal(50, listed.Count);
            Assert.Equal("error: merchants.csv line 2, field registered_at: '2024-01-15 09:30' is not a UTC timestamp like 2025-03-01T08:15:00Z", listed[0]);
            Assert.Contains("Import failed with 70 errors (the first 50 are listed); nothing was written.", result.Error, StringComparison.Ordinal);
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task Import_WithoutDir_IsAUsageError()
    {
        var result = await CliRunner.RunAsync("import");

        Assert.Equal(ExitCodes.Usage, result.ExitCode);
    }
}
