using Dapper;
using Microcredit.Scoring.Import;
using Microcredit.Scoring.Storage;
using Microcredit.Tests;

namespace Microcredit.Scoring.Tests.Import;

/// <summary>
/// A bounded run of the reliability harness's malformed-import fuzzer (bench reliability,
/// docs/reliability.md) in process: each import fails naming the fault's file, line and field,
/// and writes nothing; the same files without the fault import.
/// </summary>
public class HostileImportTests
{
    private const int Cases = 150;

    private static readonly string[] Tables = ["merchants", "orders", "loans", "installments", "repayments", "loan_orders"];

    [Theory, Engines]
    public async Task Malformed_imports_fail_naming_file_line_and_field_and_write_nothing(DatabaseEngine engine)
    {
        await using var database = await TestDatabase.CreateAsync(engine);
        var importer = new Importer(database.Database, TimeProvider.System);
        var folder = Path.Combine(Path.GetTempPath(), "microcredit-tests", "hostile-" + Guid.NewGuid().ToString("N"));
        var wrong = new List<string>();
        try
        {
            // Another history first, so the cases take the re-import path (staging) and their rows are new.
            new HostileCsvCase(-1, "valid", HostileCsv.ValidFiles("seed_"), "", null, null).WriteTo(folder);
            Assert.True((await importer.ImportAsync(folder)).Succeeded);
            var seeded = await RowsAsync(database);
            foreach (var hostile in new HostileCsv(20261101).Take(0, Cases))
            {
                hostile.WriteTo(folder);
                var result = await importer.ImportAsync(folder);
                if (result.Succeeded || !result.Errors.Any(e => hostile.IsExpected(e.File, e.Line, e.Field)))
                {
                    wrong.Add($"#{hostile.Index} {hostile.Kind}, expected {hostile.Expected}: {(result.Succeeded ? "imported" : string.Join(" | ", result.Errors.Take(3)))}");
                }
            }

            Assert.True(wrong.Count == 0, $"{wrong.Count} of {Cases} malformed imports were not refused as expected:\n{string.Join("\n", wrong.Take(15))}");
            Assert.Equal(seeded, await RowsAsync(database));

            new HostileCsvCase(-1, "valid", HostileCsv.ValidFiles(), "", null, null).WriteTo(folder);
            var valid = await importer.ImportAsync(folder);
            Assert.True(valid.Succeeded, string.Join("; ", valid.Errors));
            Assert.Equal(seeded + 3 + 5 + 2 + 4 + 2 + 1, await RowsAsync(database));
        }
        finally
        {
            if (Directory.Exists(folder))
            {
                Directory.Delete(folder, recursive: true);
            }
        }
    }

    private static async Task<long> RowsAsync(TestDatabase database)
    {
        await using var connection = await database.Database.OpenAsync();
        var total = 0L;
        foreach (var table in Tables)
        {
            total += await connection.ExecuteScalarAsync<long>($"SELECT count(*) FROM {table}");
        }

        return total;
    }
}
