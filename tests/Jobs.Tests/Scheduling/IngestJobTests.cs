using Microcredit.Jobs.Ingest;
using Microcredit.Jobs.Scheduling;
using Microcredit.Scoring.Storage;
using Microcredit.Tests;

namespace Microcredit.Jobs.Tests.Scheduling;

/// <summary>The ingest job: inbox sets import all or nothing and move to processed/ or failed/ with error reports.</summary>
public class IngestJobTests
{
    private static readonly DateTimeOffset Now = new(2026, 7, 1, 8, 5, 0, TimeSpan.Zero);

    [Theory, Engines]
    public async Task GoodFolderIsImportedAndProcessed_BadLooseFilesFailWithAReport(DatabaseEngine engine)
    {
        await using var test = await TestDatabase.CreateAsync(engine);
        var inbox = Directory.CreateTempSubdirectory("microcredit-inbox").FullName;
        try
        {
            // A folder set: merchants and their orders, which only import together.
            JobTestKit.WriteCsv(Path.Combine(inbox, "batch1", "merchants.csv"), JobTestKit.MerchantsHeader,
                ["M1,2025-01-01T00:00:00Z,apparel,Zhejiang,true", "M2,2025-02-01T00:00:00Z,toys,Jiangsu,false"]);
            JobTestKit.WriteCsv(Path.Combine(inbox, "batch1", "orders.csv"), JobTestKit.OrdersHeader,
                ["O1,M1,B1,10.00,2026-06-01T10:00:00Z,,,,,", "O2,M2,B2,20.50,2026-06-02T10:00:00Z,,,,,"]);
            // Loose files: an order of a merchant nobody imported (line 2), and a file in progress.
            JobTestKit.WriteCsv(Path.Combine(inbox, "orders.csv"), JobTestKit.OrdersHeader, ["O9,M404,B9,5.00,2026-06-03T10:00:00Z,,,,,"]);
            File.WriteAllText(Path.Combine(inbox, ".loans.csv.part"), "being written");

            var result = await Run(test.Database, inbox);

            Assert.True(result.Succeeded, result.Error);
            Assert.Equal(4, result.Outcome!.Rows); // 2 merchants + 2 orders inserted
            Assert.Equal("1 set(s) imported (4 rows written), 1 failed", result.Outcome.Summary);
            Assert.Equal(2, await JobTestKit.CountAsync(test.Database, "SELECT count(*) FROM merchants"));
            Assert.Equal(0, await JobTestKit.CountAsync(test.Database, "SELECT count(*) FROM orders WHERE order_id = 'O9'"));

            var processed = Path.Combine(inbox, "processed", "20260701T080500000Z_batch1");
            Assert.True(File.Exists(Path.Combine(processed, "merchants.csv")));
            Assert.True(File.Exists(Path.Combine(processed, "orders.csv")));
            Assert.False(Directory.Exists(Path.Combine(inbox, "batch1")));

            var failed = Path.Combine(inbox, "failed", "20260701T080500000Z");
            Assert.True(File.Exists(Path.Combine(failed, "orders.csv")));
            var report = await File.ReadAllLinesAsync(Path.Combine(failed, "orders.csv.errors.txt"));
            Assert.StartsWith("Import of the inbox's loose files failed at 2026-07-01T08:05:00Z with 1 error(s)", report[0], StringComparison.Ordinal);
            Assert.Contains(report, l => l.StartsWith("orders.csv line 2, field merchant_id:", StringComparison.Ordinal));
            Assert.False(File.Exists(Path.Combine(inbox, "orders.csv")));

            // The file still being written was left alone; nothing else remains in the inbox.
            Assert.Equal([".loans.csv.part"], Directory.GetFiles(inbox).Select(Path.GetFileName));
            Assert.Equal(["failed", "processed"], Directory.GetDirectories(inbox).Select(Path.GetFileName).Where(n => n != IngestJob.WorkFolder).Order(StringComparer.Ordinal));
            Assert.Empty(Directory.GetFileSystemEntries(Path.Combine(inbox, IngestJob.WorkFolder)));

            // A second run finds nothing new.
            var again = await Run(test.Database, inbox);
            Assert.Equal(0, again.Outcome!.Rows);
            Assert.Equal("inbox empty", again.Outcome.Summary);
        }
        finally
        {
            Directory.Delete(inbox, recursive: true);
        }
    }

    [Theory, Engines]
    public async Task UnknownFileFailsItsSet_WithAReportNamingTheExpectedFiles(DatabaseEngine engine)
    {
        await using var test = await TestDatabase.CreateAsync(engine);
        var inbox = Directory.CreateTempSubdirectory("microcredit-inbox").FullName;
        try
        {
            JobTestKit.WriteCsv(Path.Combine(inbox, "drop", "merchants.csv"), JobTestKit.MerchantsHeader, ["M1,2025-01-01T00:00:00Z,apparel,Zhejiang,true"]);
            JobTestKit.WriteCsv(Path.Combine(inbox, "drop", "sellers.csv"), "id", ["1"]);

            var result = await Run(test.Database, inbox);

            Assert.Equal("0 set(s) imported (0 rows written), 1 failed", result.Outcome!.Summary);
            Assert.Equal(0, await JobTestKit.CountAsync(test.Database, "SELECT count(*) FROM merchants"));
            var failed = Path.Combine(inbox, "failed", "20260701T080500000Z_drop");
            var report = await File.ReadAllTextAsync(Path.Combine(failed, "sellers.csv.errors.txt"));
            Assert.Contains("sellers.csv line 0: not an input file; expected merchants.csv, orders.csv", report, StringComparison.Ordinal);
            Assert.True(File.Exists(Path.Combine(failed, "merchants.csv.errors.txt")));
        }
        finally
        {
            Directory.Delete(inbox, recursive: true);
        }
    }

    private static Task<JobRunner.Result> Run(Database database, string inbox) =>
        JobTestKit.Runner(database, JobTestKit.Configuration(("Jobs:ingest:Inbox", inbox)), new TestClock(Now))
            .RunAsync(JobRegistry.Find("ingest")!, null, recovering: false, CancellationToken.None);
}
