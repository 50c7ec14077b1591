using Dapper;
using Microcredit.Scoring.Import;
using Microcredit.Scoring.Storage;
using Microcredit.Tests;
using static Microcredit.Scoring.Tests.Import.SampleHistory;

namespace Microcredit.Scoring.Tests.Import;

public class ReimportTests
{
    [Theory, Engines]
    public async Task Import_SameFilesTwice_SecondIsANoOp(DatabaseEngine engine)
    {
        await using var test = await TestDatabase.CreateAsync(engine);
        using var folder = new ImportFolder(SampleHistory.All());
        var importer = new Importer(test.Database, TimeProvider.System);

        var first = await importer.ImportAsync(folder.Path);
        var snapshot = await SnapshotAsync(test.Database);
        var second = await importer.ImportAsync(folder.Path);

        Assert.True(first.Succeeded);
        Assert.Equal([2L, 4, 2, 4, 2, 1], first.Files.Select(f => f.Inserted));
        Assert.True(second.Succeeded);
        Assert.All(second.Files, f => Assert.Equal((f.Rows, 0L, 0L), (f.Unchanged, f.Inserted, f.Updated)));
        Assert.Equal(snapshot, await SnapshotAsync(test.Database));
    }

    [PostgresFact]
    public async Task Import_IntoEmptyTables_OnPostgres_LeavesThemAnalyzed()
    {
        await using var test = await TestDatabase.CreateAsync(DatabaseEngine.Postgres);
        using var folder = new ImportFolder(SampleHistory.All());

        Assert.True((await new Importer(test.Database, TimeProvider.System).ImportAsync(folder.Path)).Succeeded);

        // Each file's table has statistics as soon as the import returns, not when autovacuum comes.
        await using var connection = await test.Database.OpenAsync();
        var analyzed = (await connection.QueryAsync<string>(
            "SELECT relname FROM pg_stat_user_tables WHERE schemaname = current_schema() AND last_analyze IS NOT NULL ORDER BY relname")).ToList();
        Assert.Subset(analyzed.ToHashSet(), new HashSet<string>(["installments", "loans", "merchants", "orders", "repayments"]));
    }

    [Theory, Engines]
    public async Task Import_OrderProgressesBetweenExports_FillsItsTimestamps(DatabaseEngine engine)
    {
        await using var test = await TestDatabase.CreateAsync(engine);
        var importer = new Importer(test.Database, TimeProvider.System);
        using var before = new ImportFolder(SampleHistory.All());
        Assert.True((await importer.ImportAsync(before.Path)).Succeeded);

        // O3 settles; O4 ships, is disputed and then partly refunded.
        var later = Orders
            .Replace("O3,M2,B3,349.50,2025-10-28T13:00:00Z,2025-10-29T09:00:00Z,,,,", "O3,M2,B3,349.50,2025-10-28T13:00:00Z,2025-10-29T09:00:00Z,2025-11-06T00:00:00Z,,,", StringComparison.Ordinal)
            .Replace("O4,M2,B3,88.80,2025-10-30T18:20:00Z,,,,,", "O4,M2,B3,88.80,2025-10-30T18:20:00Z,2025-10-31T08:00:00Z,,2025-11-09T10:00:00Z,20.10,2025-11-03T12:00:00Z", StringComparison.Ordinal);
        using var after = new ImportFolder().Write("orders.csv", later);
        var result = await importer.ImportAsync(after.Path);

        Assert.True(result.Succeeded, string.Join("; ", result.Errors));
        Assert.Equal(new ImportFileResult("orders.csv", 4, 0, 2, 2), result.Files.Single());
        await using var connection = await test.Database.OpenAsync();
        var o4 = await connection.QuerySingleAsync<(long? Shipped, long? Refunded, long? RefundAmount, long? Disputed)>(
            "SELECT shipped_at, refunded_at, refund_amount, disputed_at FROM orders WHERE order_id = 'O4'");
        Assert.Equal(DateTimeOffset.Parse("2025-10-31T08:00:00Z").ToUnixTimeMilliseconds(), o4.Shipped);
        Assert.Equal(DateTimeOffset.Parse("2025-11-09T10:00:00Z").ToUnixTimeMilliseconds(), o4.Refunded);
        Assert.Equal(2010, o4.RefundAmount);
        Assert.Equal(DateTimeOffset.Parse("2025-11-03T12:00:00Z").ToUnixTimeMilliseconds(), o4.Disputed);
        Assert.Equal(DateTimeOffset.Parse("2025-11-06T00:00:00Z").ToUnixTimeMilliseconds(),
            await connection.ExecuteScalarAsync<long>("SELECT settled_at FROM orders WHERE order_id = 'O3'"));
    }

    public static TheoryData<DatabaseEngine, string, string, string> ForbiddenChanges()
    {
        var data = new TheoryData<DatabaseEngine, string, string, string>();
        var cases = new[]
        {
            ("orders.csv", Orders.Replace("O1,M1,B1,129.90", "O1,M1,B1,129.00", StringComparison.Ordinal),
                "orders.csv line 2, field amount: is 129.00 but was imported as 129.90; amount may not change once imported"),
            ("orders.csv", Orders.Replace("O1,M1,B1,", "O1,M1,B7,", StringComparison.Ordinal),
                "orders.csv line 2, field buyer_id: is B7 but was imported as B1; buyer_id may not change once imported"),
            ("orders.csv", Orders.Replace("2025-09-01T10:00:00Z", "2025-09-01T10:00:01Z", StringComparison.Ordinal),
                "orders.csv line 2, field created_at: is 2025-09-01T10:00:01Z but was imported as 2025-09-01T10:00:00Z; created_at may not change once imported"),
            ("orders.csv", Orders.Replace("2025-09-09T12:00:00Z", "2025-09-10T12:00:00Z", StringComparison.Ordinal),
                "orders.csv line 2, field settled_at: is 2025-09-10T12:00:00Z but was imported as 2025-09-09T12:00:00Z; settled_at may not change once set"),
            ("orders.csv", Orders.Replace(",2025-09-06T16:00:00Z", ",", StringComparison.Ordinal),
                "orders.csv line 3, field disputed_at: is empty but was imported as 2025-09-06T16:00:00Z; an imported value may not be cleared"),
            ("merchants.csv", Merchants.Replace("2024-06-01T00:00:00Z", "2024-06-02T00:00:00Z", StringComparison.Ordinal),
                "merchants.csv line 3, field registered_at: is 2024-06-02T00:00:00Z but was imported as 2024-06-01T00:00:00Z; registered_at may not change once imported"),
            ("loans.csv", SampleHistory.Loans.Replace("3000.00", "3500.00", StringComparison.Ordinal),
                "loans.csv line 2, field principal: is 3500.00 but was imported as 3000.00; principal may not change once imported"),
            ("installments.csv", Installments.Replace("L1,3,2025-10-01,1000.00,15.00", "L1,3,2025-10-02,1000.00,15.00", StringComparison.Ordinal),
                "installments.csv line 4, field due_date: is 2025-10-02 but was imported as 2025-10-01; due_date may not change once imported"),
        };
        foreach (var engine in TestEngines.All())
        {
            foreach (var (file, content, expected) in cases)
            {
                data.Add(engine, file, content, expected);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(ForbiddenChanges))]
    public async Task Import_ForbiddenChangeToAnImportedRow_IsRejectedAndNothingChanges(DatabaseEngine engine, string file, string content, string expected)
    {
        await using var test = await TestDatabase.CreateAsync(engine);
        var importer = new Importer(test.Database, TimeProvider.System);
        using var first = new ImportFolder(SampleHistory.All());
        Assert.True((await importer.ImportAsync(first.Path)).Succeeded);
        var snapshot = await SnapshotAsync(test.Database);

        // A legitimate change rides along: it must be rolled back with the rest.
        using var second = new ImportFolder().Write(file, content);
        if (file != "merchants.csv")
        {
            second.Write("merchants.csv", Merchants.Replace("apparel", "shoes", StringComparison.Ordinal));
        }

        var result = await importer.ImportAsync(second.Path);

        Assert.Equal([expected], result.Errors.Select(e => e.ToString()));
        Assert.Equal(snapshot, await SnapshotAsync(test.Database));
    }

    [Theory, Engines]
    public async Task Import_DuplicateKeyIntoAFilledTable_NamesBothLines(DatabaseEngine engine)
    {
        // Into an empty table duplicates are caught by the load itself; into a filled one by a query.
        await using var test = await TestDatabase.CreateAsync(engine);
        var importer = new Importer(test.Database, TimeProvider.System);
        using var first = new ImportFolder().Write("merchants.csv", Merchants).Write("orders.csv", Orders);
        Assert.True((await importer.ImportAsync(first.Path)).Succeeded);

        using var second = new ImportFolder().Write("orders.csv", Orders + "O5,M1,B1,1.00,2025-09-01T10:00:00Z,,,,,\nO5,M1,B1,1.00,2025-09-01T10:00:00Z,,,,,\n");
        var result = await importer.ImportAsync(second.Path);

        Assert.Equal(["orders.csv line 7, field order_id: duplicate order_id 'O5' (first on line 6)"], result.Errors.Select(e => e.ToString()));
    }

    [Theory, Engines]
    public async Task Import_MerchantDetailsChange_UpdatesThem(DatabaseEngine engine)
    {
        await using var test = await TestDatabase.CreateAsync(engine);
        var importer = new Importer(test.Database, TimeProvider.System);
        using var first = new ImportFolder().Write("merchants.csv", Merchants);
        await importer.ImportAsync(first.Path);

        using var second = new ImportFolder().Write("merchants.csv", Merchants.Replace("electronics,Guangdong,false", "phones,Fujian,true", StringComparison.Ordinal));
        var result = await importer.ImportAsync(second.Path);

        Assert.Equal(new ImportFileResult("merchants.csv", 2, 0, 1, 1), result.Files.Single());
        await using var connection = await test.Database.OpenAsync();
        Assert.Equal(("phones", "Fujian", 1L), await connection.QuerySingleAsync<(string, string, long)>(
            "SELECT category, region, kyc_verified FROM merchants WHERE merchant_id = 'M2'"));
    }

    [Theory, Engines]
    public async Task Import_ReferencesRowsImportedEarlier(DatabaseEngine engine)
    {
        await using var test = await TestDatabase.CreateAsync(engine);
        var importer = new Importer(test.Database, TimeProvider.System);
        using var merchants = new ImportFolder().Write("merchants.csv", Merchants);
        using var orders = new ImportFolder().Write("orders.csv", Orders).Write("loans.csv", SampleHistory.Loans);
        using var rest = new ImportFolder().Write("installments.csv", Installments).Write("repayments.csv", Repayments).Write("loan_orders.csv", LoanOrders);

        Assert.True((await importer.ImportAsync(merchants.Path)).Succeeded);
        Assert.True((await importer.ImportAsync(orders.Path)).Succeeded);
        var result = await importer.ImportAsync(rest.Path);

        Assert.True(result.Succeeded, string.Join("; ", result.Errors));
        Assert.Equal([4L, 2, 1], result.Files.Select(f => f.Inserted));
    }

    [Theory, Engines]
    public async Task Import_GzipFilesAndByteOrderMark_ReadLikePlainOnes(DatabaseEngine engine)
    {
        await using var test = await TestDatabase.CreateAsync(engine);
        using var folder = new ImportFolder();
        foreach (var (name, content) in SampleHistory.All())
        {
            folder.Write(name + ".gz", "\uFEFF" + content);
        }

        var result = await new Importer(test.Database, TimeProvider.System).ImportAsync(folder.Path);

        Assert.True(result.Succeeded, string.Join("; ", result.Errors));
        Assert.Equal(["merchants.csv.gz", "orders.csv.gz", "loans.csv.gz", "installments.csv.gz", "repayments.csv.gz", "loan_orders.csv.gz"], result.Files.Select(f => f.File));
        Assert.Equal([2L, 4, 2, 4, 2, 1], result.Files.Select(f => f.Inserted));
    }

    [Theory, Engines]
    public async Task Import_Money_SumsExactlyInTheDatabase(DatabaseEngine engine)
    {
        await using var test = await TestDatabase.CreateAsync(engine);
        // 0.10 + 0.20 is not 0.30 in binary floating point; in cents it is.
        var rows = Enumerable.Range(1, 30).Select(i => $"X{i},M1,B1,{(i % 2 == 0 ? "0.10" : "0.20")},2025-09-01T10:00:00Z,,,,,");
        using var folder = new ImportFolder().Write("merchants.csv", Merchants).Write("orders.csv", Lines([OrdersHeader, .. rows]));

        await new Importer(test.Database, TimeProvider.System).ImportAsync(folder.Path);

        await using var connection = await test.Database.OpenAsync();
        var cents = await connection.ExecuteScalarAsync<long>("SELECT sum(amount) FROM orders");
        Assert.Equal(4.50m, Money.Money.FromMinor(cents).Amount);
    }

    [Theory, Engines]
    public async Task Import_CommittedImport_IsRecorded(DatabaseEngine engine)
    {
        await using var test = await TestDatabase.CreateAsync(engine);
        using var folder = new ImportFolder(SampleHistory.All());

        await new Importer(test.Database, TimeProvider.System).ImportAsync(folder.Path);

        await using var connection = await test.Database.OpenAsync();
        var row = await connection.QuerySingleAsync<(string Files, long Inserted)>("SELECT files, rows_inserted FROM imports");
        Assert.Equal(("merchants.csv,orders.csv,loans.csv,installments.csv,repayments.csv,loan_orders.csv", 15L), row);
    }

    /// <summary>Every row of every history table, as text, in a stable order.</summary>
    private static async Task<string> SnapshotAsync(Database database)
    {
        await using var connection = await database.OpenAsync();
        var parts = new List<string>();
        foreach (var (table, order) in new[]
        {
            ("merchants", "merchant_id"), ("orders", "order_id"), ("loans", "loan_id"), ("installments", "loan_id, seq"),
            ("repayments", "loan_id, paid_at"), ("loan_orders", "loan_id, order_id"),
        })
        {
            foreach (IDictionary<string, object?> row in await connection.QueryAsync($"SELECT * FROM {table} ORDER BY {order}"))
            {
                parts.Add(table + ": " + string.Join(",", row.Values.Select(v => Convert.ToString(v, System.Globalization.CultureInfo.InvariantCulture))));
            }
        }

        return string.Join("\n", parts);
    }
}
