using Dapper;
using Microcredit.Scoring.Import;
using Microcredit.Scoring.Storage;
using Microcredit.Tests;
using static Microcredit.Scoring.Tests.Import.SampleHistory;

namespace Microcredit.Scoring.Tests.Import;

/// <summary>Each rule of docs/data-format.md, broken once in an otherwise valid history: the exact message, and nothing written.</summary>
public class ImportValidationTests
{
    private static readonly Dictionary<string, (string File, string Content, string Expected)> BadFiles = new(StringComparer.Ordinal)
    {
        ["unknown column"] = ("merchants.csv", Lines(MerchantsHeader + ",shop_name", "M1,2024-01-15T09:30:00Z,apparel,Zhejiang,true,Shop", "M2,2024-06-01T00:00:00Z,electronics,Guangdong,false,Two"),
            "merchants.csv line 1, field shop_name: unknown column 'shop_name'; merchants.csv has: merchant_id, registered_at, category, region, kyc_verified"),
        ["missing column"] = ("merchants.csv", Lines("merchant_id,registered_at,category,kyc_verified", "M1,2024-01-15T09:30:00Z,apparel,true", "M2,2024-06-01T00:00:00Z,electronics,false"),
            "merchants.csv line 1, field region: missing column 'region'"),
        ["repeated column"] = ("merchants.csv", Lines(MerchantsHeader + ",region", "M1,2024-01-15T09:30:00Z,apparel,Zhejiang,true,Zhejiang", "M2,2024-06-01T00:00:00Z,electronics,Guangdong,false,Guangdong"),
            "merchants.csv line 1, field region: column 'region' appears twice"),
        ["empty file"] = ("loan_orders.csv", "",
            "loan_orders.csv line 1: is empty: the header row is missing"),
        ["required field empty"] = ("merchants.csv", Merchants.Replace("apparel", "", StringComparison.Ordinal),
            "merchants.csv line 2, field category: is required"),
        ["timestamp without Z"] = ("merchants.csv", Merchants.Replace("2024-01-15T09:30:00Z", "2024-01-15T09:30:00", StringComparison.Ordinal),
            "merchants.csv line 2, field registered_at: '2024-01-15T09:30:00' is not a UTC timestamp like 2025-03-01T08:15:00Z"),
        ["timestamp with offset"] = ("merchants.csv", Merchants.Replace("2024-01-15T09:30:00Z", "2024-01-15T09:30:00+08:00", StringComparison.Ordinal),
            "merchants.csv line 2, field registered_at: '2024-01-15T09:30:00+08:00' is not a UTC timestamp like 2025-03-01T08:15:00Z"),
        ["impossible timestamp"] = ("merchants.csv", Merchants.Replace("2024-06-01T00:00:00Z", "2024-06-31T00:00:00Z", StringComparison.Ordinal),
            "merchants.csv line 3, field registered_at: '2024-06-31T00:00:00Z' is not a UTC timestamp like 2025-03-01T08:15:00Z"),
        ["boolean"] = ("merchants.csv", Merchants.Replace(",true", ",yes", StringComparison.Ordinal),
            "merchants.csv line 2, field kyc_verified: 'yes' is not true or false"),
        ["duplicate merchant"] = ("merchants.csv", Merchants + "M1,2024-01-15T09:30:00Z,toys,Zhejiang,true\n",
            "merchants.csv line 4, field merchant_id: duplicate merchant_id 'M1' (first on line 2)"),
        ["identifier too long"] = ("orders.csv", Orders.Replace(",B1,", "," + new string('b', 65) + ",", StringComparison.Ordinal),
            "orders.csv line 2, field buyer_id: is 65 characters long; identifiers have at most 64"),
        ["field count"] = ("merchants.csv", Merchants.Replace(",Zhejiang,true", ",Zhejiang", StringComparison.Ordinal),
            "merchants.csv line 2: has 4 fields; the header has 5"),
        ["stray quote"] = ("merchants.csv", Merchants.Replace("apparel", "app\"arel", StringComparison.Ordinal),
            "merchants.csv line 2: has a quote inside an unquoted field (RFC 4180: quote the whole field and double inner quotes)"),
        ["order merchant unknown"] = ("orders.csv", Orders.Replace("O4,M2", "O4,M9", StringComparison.Ordinal),
            "orders.csv line 5, field merchant_id: merchant 'M9' is neither in merchants.csv nor in the database"),
        ["negative amount"] = ("orders.csv", Orders.Replace("129.90", "-129.90", StringComparison.Ordinal),
            "orders.csv line 2, field amount: '-129.90' is negative; amounts must not be negative"),
        ["three decimals"] = ("orders.csv", Orders.Replace("129.90", "129.905", StringComparison.Ordinal),
            "orders.csv line 2, field amount: '129.905' is not a money amount like 1234.50 (at most 2 decimals)"),
        ["zero amount"] = ("orders.csv", Orders.Replace("88.80", "0.00", StringComparison.Ordinal),
            "orders.csv line 5, field amount: must be greater than 0"),
        ["shipped before created"] = ("orders.csv", Orders.Replace("2025-10-29T09:00:00Z", "2025-10-28T12:59:59Z", StringComparison.Ordinal),
            "orders.csv line 4, field shipped_at: 2025-10-28T12:59:59Z is before created_at 2025-10-28T13:00:00Z"),
        ["settled without shipped"] = ("orders.csv", Orders.Replace("O4,M2,B3,88.80,2025-10-30T18:20:00Z,,,,,", "O4,M2,B3,88.80,2025-10-30T18:20:00Z,,2025-11-05T00:00:00Z,,,", StringComparison.Ordinal),
            "orders.csv line 5, field settled_at: is set but shipped_at is empty: an order settles only after it ships"),
        ["settled before shipped"] = ("orders.csv", Orders.Replace("2025-09-09T12:00:00Z", "2025-09-02T07:00:00Z", StringComparison.Ordinal),
            "orders.csv line 2, field settled_at: 2025-09-02T07:00:00Z is before shipped_at 2025-09-02T08:00:00Z"),
        ["settled and refunded"] = ("orders.csv", Orders.Replace("2025-09-09T12:00:00Z,,,", "2025-09-09T12:00:00Z,2025-09-10T00:00:00Z,10.00,", StringComparison.Ordinal),
            "orders.csv line 2, field refunded_at: is set but the order is settled: an order is never both settled and refunded"),
        ["refund amount without refund"] = ("orders.csv", Orders.Replace("2025-10-29T09:00:00Z,,,,", "2025-10-29T09:00:00Z,,,5.00,", StringComparison.Ordinal),
            "orders.csv line 4, field refund_amount: is set but refunded_at is empty"),
        ["refund without amount"] = ("orders.csv", Orders.Replace("2025-09-08T10:00:00Z,59.00", "2025-09-08T10:00:00Z,", StringComparison.Ordinal),
            "orders.csv line 3, field refund_amount: is empty but refunded_at is set"),
        ["refund above amount"] = ("orders.csv", Orders.Replace("2025-09-08T10:00:00Z,59.00", "2025-09-08T10:00:00Z,59.01", StringComparison.Ordinal),
            "orders.csv line 3, field refund_amount: 59.01 is more than the order amount 59.00"),
        ["zero refund"] = ("orders.csv", Orders.Replace("2025-09-08T10:00:00Z,59.00", "2025-09-08T10:00:00Z,0", StringComparison.Ordinal),
            "orders.csv line 3, field refund_amount: must be greater than 0"),
        ["refunded before created"] = ("orders.csv", Orders.Replace("2025-09-08T10:00:00Z", "2025-09-03T11:14:00Z", StringComparison.Ordinal),
            "orders.csv line 3, field refunded_at: 2025-09-03T11:14:00Z is before created_at 2025-09-03T11:15:00Z"),
        ["disputed before created"] = ("orders.csv", Orders.Replace("2025-09-06T16:00:00Z", "2025-09-01T00:00:00Z", StringComparison.Ordinal),
            "orders.csv line 3, field disputed_at: 2025-09-01T00:00:00Z is before created_at 2025-09-03T11:15:00Z"),
        ["duplicate order"] = ("orders.csv", Orders + "O2,M1,B2,59.00,2025-09-03T11:15:00Z,,,,,\n",
            "orders.csv line 6, field order_id: duplicate order_id 'O2' (first on line 3)"),
        ["product"] = ("loans.csv", SampleHistory.Loans.Replace(",credit,", ",lease,", StringComparison.Ordinal),
            "loans.csv line 2, field product: 'lease' is not credit or order"),
        ["zero principal"] = ("loans.csv", SampleHistory.Loans.Replace("300.00", "0.00", StringComparison.Ordinal),
            "loans.csv line 3, field principal: must be greater than 0"),
        ["rate with seven decimals"] = ("loans.csv", SampleHistory.Loans.Replace("0.000500", "0.0005001", StringComparison.Ordinal),
            "loans.csv line 2, field daily_rate: '0.0005001' is not a rate like 0.000500 (at most 6 decimals)"),
        ["disbursed before registration"] = ("loans.csv", SampleHistory.Loans.Replace("2025-07-01T02:00:00Z", "2024-01-15T09:29:59Z", StringComparison.Ordinal),
            "loans.csv line 2, field disbursed_at: 2024-01-15T09:29:59Z is before the merchant registered (2024-01-15T09:30:00Z)"),
        ["maturity before disbursement"] = ("loans.csv", SampleHistory.Loans.Replace("2025-11-28", "2025-10-28", StringComparison.Ordinal),
            "loans.csv line 3, field maturity_date: 2025-10-28 is before the disbursement date 2025-10-29"),
        ["bad date"] = ("loans.csv", SampleHistory.Loans.Replace("2025-11-28", "2025-11-31", StringComparison.Ordinal),
            "loans.csv line 3, field maturity_date: '2025-11-31' is not a date like 2025-03-01"),
        ["loan merchant unknown"] = ("loans.csv", SampleHistory.Loans.Replace("L2,M2", "L2,M3", StringComparison.Ordinal),
            "loans.csv line 3, field merchant_id: merchant 'M3' is neither in merchants.csv nor in the database"),
        ["installment loan unknown"] = ("installments.csv", Installments.Replace("L2,1", "L7,1", StringComparison.Ordinal),
            "installments.csv line 5, field loan_id: loan 'L7' is neither in loans.csv nor in the database"),
        ["installment seq zero"] = ("installments.csv", Installments.Replace("L2,1", "L2,0", StringComparison.Ordinal),
            "installments.csv line 5, field seq: '0' is not a whole number of at least 1"),
        ["duplicate installment"] = ("installments.csv", Installments.Replace("L1,3", "L1,2", StringComparison.Ordinal),
            "installments.csv line 4, field loan_id,seq: duplicate (loan_id, seq) (L1, 2) (first on line 3)"),
        ["repayment loan unknown"] = ("repayments.csv", Repayments.Replace("L1,2025-09-01", "L5,2025-09-01", StringComparison.Ordinal),
            "repayments.csv line 3, field loan_id: loan 'L5' is neither in loans.csv nor in the database"),
        ["repayment before disbursement"] = ("repayments.csv", Repayments.Replace("2025-08-01T06:00:00Z", "2025-07-01T01:59:59Z", StringComparison.Ordinal),
            "repayments.csv line 2, field paid_at: 2025-07-01T01:59:59Z is before the loan was disbursed (2025-07-01T02:00:00Z)"),
        ["zero repayment"] = ("repayments.csv", Repayments.Replace("1031.00", "0", StringComparison.Ordinal),
            "repayments.csv line 3, field amount: must be greater than 0"),
        ["duplicate repayment"] = ("repayments.csv", Repayments + "L1,2025-09-01T06:00:00Z,1031.00\n",
            "repayments.csv line 4, field loan_id,paid_at,amount: duplicate (loan_id, paid_at, amount) (L1, 1756706400000, 103100) (first on line 3)"),
        ["pledge of unknown order"] = ("loan_orders.csv", Lines(LoanOrdersHeader, "L2,O3", "L2,O8"),
            "loan_orders.csv line 3, field order_id: order 'O8' is neither in orders.csv nor in the database"),
        ["pledge to a credit loan"] = ("loan_orders.csv", Lines(LoanOrdersHeader, "L1,O1"),
            "loan_orders.csv line 2, field loan_id: loan 'L1' is a credit loan; only order loans have pledged orders"),
        ["pledge of another merchant's order"] = ("loan_orders.csv", Lines(LoanOrdersHeader, "L2,O3", "L2,O1"),
            "loan_orders.csv line 3, field order_id: order 'O1' belongs to merchant 'M1', the loan to merchant 'M2'"),
    };

    public static IEnumerable<object[]> Cases() =>
        from engine in TestEngines.All()
        from name in BadFiles.Keys
        select new object[] { engine, name };

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Import_FileBreakingARule_ReportsFileLineFieldAndWritesNothing(DatabaseEngine engine, string rule)
    {
        var (file, content, expected) = BadFiles[rule];
        await using var test = await TestDatabase.CreateAsync(engine);
        using var folder = new ImportFolder(SampleHistory.All()).Write(file, content);

        var result = await new Importer(test.Database, TimeProvider.System).ImportAsync(folder.Path);

        Assert.False(result.Succeeded);
        Assert.Equal([expected], result.Errors.Select(e => e.ToString()));
        Assert.Equal(1, result.TotalErrors);
        await AssertNothingWrittenAsync(test.Database);
    }

    [Theory, Engines]
    public async Task Import_InvalidUtf8_IsAnErrorNotAReplacementCharacter(DatabaseEngine engine)
    {
        await using var test = await TestDatabase.CreateAsync(engine);
        var bytes = System.Text.Encoding.UTF8.GetBytes(Merchants).ToList();
        bytes.InsertRange(bytes.IndexOf((byte)'Z', bytes.IndexOf((byte)'\n')) + 2, [0xC3, 0x28]);
        using var folder = new ImportFolder().WriteBytes("merchants.csv", [.. bytes]);

        var result = await new Importer(test.Database, TimeProvider.System).ImportAsync(folder.Path);

        Assert.Equal(["merchants.csv line 2: is not valid UTF-8"], result.Errors.Select(e => e.ToString()));
        await AssertNothingWrittenAsync(test.Database);
    }

    [Theory, Engines]
    public async Task Import_ManyBadRows_ListsTheFirst50AndCountsAll(DatabaseEngine engine)
    {
        await using var test = await TestDatabase.CreateAsync(engine);
        var rows = Enumerable.Range(1, 120).Select(i => $"O{i},M1,B1,{(i % 2 == 0 ? "-1" : "1")},2025-09-01T10:00:00Z,,,,,");
        using var folder = new ImportFolder().Write("merchants.csv", Merchants).Write("orders.csv", Lines([OrdersHeader, .. rows]));

        var result = await new Importer(test.Database, TimeProvider.System).ImportAsync(folder.Path);

        Assert.Equal(60, result.TotalErrors);
        Assert.Equal(50, result.Errors.Count);
        Assert.Equal(3, result.Errors[0].Line);
        Assert.Equal(101, result.Errors[^1].Line);
        await AssertNothingWrittenAsync(test.Database);
    }

    [Theory, Engines]
    public async Task Import_DuplicatesAmongManyOrders_NamesEveryDuplicateLine(DatabaseEngine engine)
    {
        // Enough rows that a first load writes them in multi-row chunks; one duplicate repeats a
        // key of an earlier chunk, one a key of its own chunk, one a key of the chunk before.
        await using var test = await TestDatabase.CreateAsync(engine);
        var ids = Enumerable.Range(1, 300).Select(i => $"O{i}").ToArray();
        ids[100 - 2] = "O10";
        ids[175 - 2] = "O170";
        ids[180 - 2] = "O150";
        var rows = ids.Select(id => $"{id},M1,B1,10.00,2025-09-01T10:00:00Z,,,,,");
        using var folder = new ImportFolder().Write("merchants.csv", Merchants).Write("orders.csv", Lines([OrdersHeader, .. rows]));

        var result = await new Importer(test.Database, TimeProvider.System).ImportAsync(folder.Path);

        Assert.Equal(
            [
                "orders.csv line 100, field order_id: duplicate order_id 'O10' (first on line 11)",
                "orders.csv line 175, field order_id: duplicate order_id 'O170' (first on line 171)",
                "orders.csv line 180, field order_id: duplicate order_id 'O150' (first on line 151)",
            ],
            result.Errors.Select(e => e.ToString()));
        Assert.Equal(3, result.TotalErrors);
        await AssertNothingWrittenAsync(test.Database);
    }

    [Theory, Engines]
    public async Task Import_ManyOrdersIntoAnEmptyTable_WritesEveryRowAsRead(DatabaseEngine engine)
    {
        await using var test = await TestDatabase.CreateAsync(engine);
        var rows = Enumerable.Range(1, 301).Select(i => $"O{i},M{1 + (i % 2)},B{i},{i}.25,2025-09-01T10:00:00Z,,,,,");
        using var folder = new ImportFolder().Write("merchants.csv", Merchants).Write("orders.csv", Lines([OrdersHeader, .. rows]));

        var result = await new Importer(test.Database, TimeProvider.System).ImportAsync(folder.Path);

        Assert.True(result.Succeeded, string.Join("; ", result.Errors));
        Assert.Equal(301, result.Files.Single(f => f.File == "orders.csv").Inserted);
        await using var connection = await test.Database.OpenAsync();
        var stored = (await connection.QueryAsync<(string OrderId, string MerchantId, string BuyerId, long Amount)>(
            "SELECT order_id, merchant_id, buyer_id, amount FROM orders")).OrderBy(o => int.Parse(o.OrderId[1..], System.Globalization.CultureInfo.InvariantCulture)).ToList();
        Assert.Equal(Enumerable.Range(1, 301).Select(i => ($"O{i}", $"M{1 + (i % 2)}", $"B{i}", (i * 100L) + 25)), stored);
    }

    [Theory, Engines]
    public async Task Import_QuotedFieldSpanningLines_CountsItsLinesInLaterMessages(DatabaseEngine engine)
    {
        await using var test = await TestDatabase.CreateAsync(engine);
        var merchants = Lines(MerchantsHeader, "M1,2024-01-15T09:30:00Z,\"home,\ngarden\",Zhejiang,true", "M2,2024-06-01T00:00:00Z,electronics,Guangdong,maybe");
        using var folder = new ImportFolder().Write("merchants.csv", merchants);

        var result = await new Importer(test.Database, TimeProvider.System).ImportAsync(folder.Path);

        Assert.Equal(
            ["merchants.csv line 2, field category: contains a control character", "merchants.csv line 4, field kyc_verified: 'maybe' is not true or false"],
            result.Errors.Select(e => e.ToString()));
    }

    [Theory, Engines]
    public async Task Import_BothPlainAndGzipOfOneFile_IsAnError(DatabaseEngine engine)
    {
        await using var test = await TestDatabase.CreateAsync(engine);
        using var folder = new ImportFolder().Write("merchants.csv", Merchants).Write("merchants.csv.gz", Merchants);

        var result = await new Importer(test.Database, TimeProvider.System).ImportAsync(folder.Path);

        Assert.Equal(["merchants.csv.gz line 0: both merchants.csv and merchants.csv.gz are present; keep one"], result.Errors.Select(e => e.ToString()));
    }

    [Theory, Engines]
    public async Task Import_GzipFileCutShort_IsAnErrorEvenWhenEveryRowBeforeTheCutIsWhole(DatabaseEngine engine)
    {
        await using var test = await TestDatabase.CreateAsync(engine);
        using var folder = new ImportFolder().Write("merchants.csv.gz", Merchants);
        var path = Path.Combine(folder.Path, "merchants.csv.gz");
        var whole = await File.ReadAllBytesAsync(path);
        // Without its 8-byte trailer (CRC-32 and size) every row still decompresses.
        await File.WriteAllBytesAsync(path, whole[..^8]);

        var result = await new Importer(test.Database, TimeProvider.System).ImportAsync(folder.Path);

        var error = Assert.Single(result.Errors);
        Assert.Equal("merchants.csv.gz", error.File);
        Assert.Contains("cannot be decompressed", error.Message, StringComparison.Ordinal);
        await AssertNothingWrittenAsync(test.Database);
    }

    [Theory, Engines]
    public async Task Import_GzipFileOfSeveralMembers_ImportsWholeAndIsAnErrorCutShort(DatabaseEngine engine)
    {
        await using var test = await TestDatabase.CreateAsync(engine);
        // Two members, as credit simulate writes them: the header and first merchant, then the second.
        var lines = Merchants.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        byte[] members = [.. Gzip(string.Join('\n', lines[..2]) + "\n"), .. Gzip(string.Join('\n', lines[2..]) + "\n")];
        using var whole = new ImportFolder();
        await File.WriteAllBytesAsync(Path.Combine(whole.Path, "merchants.csv.gz"), members);
        using var cut = new ImportFolder();
        await File.WriteAllBytesAsync(Path.Combine(cut.Path, "merchants.csv.gz"), members[..^3]);

        var failed = await new Importer(test.Database, TimeProvider.System).ImportAsync(cut.Path);
        await AssertNothingWrittenAsync(test.Database);
        var imported = await new Importer(test.Database, TimeProvider.System).ImportAsync(whole.Path);

        Assert.Contains("cannot be decompressed", Assert.Single(failed.Errors).Message, StringComparison.Ordinal);
        Assert.True(imported.Succeeded, string.Join("; ", imported.Errors));
        Assert.Equal(lines.Length - 1, imported.Files.Single().Rows);

        static byte[] Gzip(string text)
        {
            using var output = new MemoryStream();
            using (var gzip = new System.IO.Compression.GZipStream(output, System.IO.Compression.CompressionLevel.Fastest))
            {
                gzip.Write(System.Text.Encoding.UTF8.GetBytes(text));
            }

            return output.ToArray();
        }
    }

    internal static async Task AssertNothingWrittenAsync(Database database)
    {
        await using var connection = await database.OpenAsync();
        foreach (var table in new[] { "merchants", "orders", "loans", "installments", "repayments", "loan_orders", "imports" })
        {
            Assert.Equal(0, await connection.ExecuteScalarAsync<long>($"SELECT count(*) FROM {table}"));
        }
    }
}
