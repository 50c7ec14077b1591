using Dapper;
using Microcredit.Scoring.Import;
using Microcredit.Scoring.Loans;
using Microcredit.Scoring.Storage;
using Microcredit.Scoring.Tests.Import;
using Microcredit.Tests;
using static Microcredit.Scoring.Tests.Loans.LoanScheduleTests;
using static Microcredit.Scoring.Tests.Loans.LoanServicingTests;
using static Microcredit.Scoring.Tests.Loans.PlatformLoanTests;

namespace Microcredit.Scoring.Tests.Loans;

/// <summary>Platform loans meet the import path: ownership is checked, pledged orders repay as they settle.</summary>
public class PlatformLoanImportTests
{
    private const string Merchants = "merchant_id,registered_at,category,region,kyc_verified\nM1,2024-01-15T09:30:00Z,apparel,Zhejiang,true\n";
    private const string OrdersHeader = SampleHistory.OrdersHeader;

    private static readonly Dictionary<string, (string File, string Content, string Expected)> PlatformRows = new(StringComparer.Ordinal)
    {
        ["loans"] = ("loans.csv", SampleHistory.Lines(SampleHistory.LoansHeader, "L3,M1,credit,100.00,0.000500,2025-07-01T02:00:00Z,2025-10-01", "loan_P,M1,credit,500.00,0.000500,2025-07-01T02:00:00Z,2025-10-01"),
            "loans.csv line 3, field loan_id: loan 'loan_P' was originated by the platform; an import may not change platform loans"),
        ["installments"] = ("installments.csv", SampleHistory.Lines(SampleHistory.InstallmentsHeader, "loan_P,7,2025-08-01,100.00,1.00"),
            "installments.csv line 2, field loan_id: loan 'loan_P' was originated by the platform; an import may not change platform loans"),
        ["repayments"] = ("repayments.csv", SampleHistory.Lines(SampleHistory.RepaymentsHeader, "L1,2025-09-15T00:00:00Z,1.00", "loan_P,2025-08-01T06:00:00Z,10.00"),
            "repayments.csv line 3, field loan_id: loan 'loan_P' was originated by the platform; an import may not change platform loans"),
        ["loan_orders"] = ("loan_orders.csv", SampleHistory.Lines(SampleHistory.LoanOrdersHeader, "loan_P,O1"),
            "loan_orders.csv line 2, field loan_id: loan 'loan_P' was originated by the platform; an import may not change platform loans"),
    };

    public static TheoryData<DatabaseEngine, string> Cases()
    {
        var data = new TheoryData<DatabaseEngine, string>();
        foreach (var engine in TestEngines.All())
        {
            foreach (var name in PlatformRows.Keys)
            {
                data.Add(engine, name);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Import_RowOfAPlatformLoan_ReportsFileLineFieldAndWritesNothing(DatabaseEngine engine, string file)
    {
        await using var test = await TestDatabase.CreateAsync(engine);
        var importer = new Importer(test.Database, TimeProvider.System);
        using (var history = new ImportFolder(SampleHistory.All()))
        {
            Assert.True((await importer.ImportAsync(history.Path)).Succeeded);
        }

        await using var connection = await test.Database.OpenAsync();
        await InTransactionAsync(connection, tx => LoanDrawdown.CreditAsync(connection, tx, "loan_P", "dec_P", "M1", M(600.00m), 0.0005m, 3, T("2025-07-01T00:00:00Z")));
        var before = await CountsAsync(connection);
        var (name, content, expected) = PlatformRows[file];
        using var folder = new ImportFolder().Write(name, content);

        var result = await importer.ImportAsync(folder.Path);

        Assert.Equal([expected], result.Errors.Select(e => e.ToString()));
        Assert.Equal(1, result.TotalErrors);
        Assert.Equal(before, await CountsAsync(connection));
        Assert.Equal([20_000L, 20_000, 20_000], await connection.QueryAsync<long>("SELECT principal_due FROM installments WHERE loan_id = 'loan_P' ORDER BY seq"));
    }

    [Theory, Engines]
    public async Task Import_PledgedOrdersSettle_RepayTheOrderLoanOnceAtSettlement(DatabaseEngine engine)
    {
        await using var test = await TestDatabase.CreateAsync(engine);
        await using var connection = await test.Database.OpenAsync();
        var importer = await WithPledgedOrdersAsync(test, connection);

        // P1 settles Oct 11: payoff then 640.00 + 0.0005 × 640 × 10 = 643.20 > 500, so all 500.00 is collected:
        // 9.60 interest (the installment's), 490.40 principal. P2 settles Oct 21: payoff is the 149.60 principal left
        // (interest accrued to then, 6.40, is less than the 9.60 paid), so 149.60 of its 300.00 closes the loan.
        using var settled = new ImportFolder().Write("orders.csv", SampleHistory.Lines(
            OrdersHeader,
            "P1,M1,B1,500.00,2025-09-28T10:00:00Z,2025-09-29T10:00:00Z,2025-10-11T00:00:00Z,,,",
            "P2,M1,B2,300.00,2025-09-28T11:00:00Z,2025-09-29T11:00:00Z,2025-10-21T00:00:00Z,,,"));
        var first = await importer.ImportAsync(settled.Path);
        var second = await importer.ImportAsync(settled.Path);

        Assert.True(first.Succeeded, string.Join("; ", first.Errors));
        Assert.Equal((2L, 0L), (first.PledgesResolved, second.PledgesResolved));
        Assert.Equal(
            [(T("2025-10-11T00:00:00Z").ToUnixTimeMilliseconds(), 50_000L), (T("2025-10-21T00:00:00Z").ToUnixTimeMilliseconds(), 14_960L)],
            await connection.QueryAsync<(long, long)>("SELECT paid_at, amount FROM repayments WHERE loan_id = 'loan_O' ORDER BY paid_at"));
        var statement = (await LoanStatements.LoadAsync(connection, null, "loan_O", T("2025-12-01T00:00:00Z")))!;
        Assert.Equal((LoanStatus.Repaid, 0), (statement.Position.Status, statement.Position.DaysPastDue));
        Assert.Equal(
            [new PledgeState("P1", M(500.00m), M(400.00m), T("2025-10-11T00:00:00Z"), M(500.00m)), new PledgeState("P2", M(300.00m), M(240.00m), T("2025-10-21T00:00:00Z"), M(149.60m))],
            statement.Pledges);
    }

    [Theory, Engines]
    public async Task Import_PledgedOrderRefunded_LeavesTheRemainderDueAndLateAfterMaturity(DatabaseEngine engine)
    {
        await using var test = await TestDatabase.CreateAsync(engine);
        await using var connection = await test.Database.OpenAsync();
        var importer = await WithPledgedOrdersAsync(test, connection);

        // P1 is refunded (nothing collected); P2 settles Oct 21 for 300.00 (payoff 646.40): 9.60 interest, 290.40 principal.
        using var folder = new ImportFolder().Write("orders.csv", SampleHistory.Lines(
            OrdersHeader,
            "P1,M1,B1,500.00,2025-09-28T10:00:00Z,2025-09-29T10:00:00Z,,2025-10-05T00:00:00Z,500.00,",
            "P2,M1,B2,300.00,2025-09-28T11:00:00Z,2025-09-29T11:00:00Z,2025-10-21T00:00:00Z,,,"));
        Assert.True((await importer.ImportAsync(folder.Path)).Succeeded);

        // Due Oct 31: 349.60 principal left; Nov 5 it is 5 days late, penalty 0.00075 × 349.60 × 5 = 1.311 → 1.31.
        var statement = (await LoanStatements.LoadAsync(connection, null, "loan_O", T("2025-11-05T00:00:00Z")))!;
        Assert.Equal((LoanStatus.Late, 5), (statement.Position.Status, statement.Position.DaysPastDue));
        Assert.Equal((M(349.60m), M(1.31m)), (statement.Position.PrincipalOutstanding, statement.Position.PenaltyOutstanding));
        Assert.Equal(new PledgeState("P1", M(500.00m), M(400.00m), T("2025-10-05T00:00:00Z"), M(0m)), statement.Pledges[0]);
        Assert.Equal(new MerchantExposure(M(349.60m), 5), await LoanExposure.ForMerchantAsync(connection, null, "M1", T("2025-11-05T00:00:00Z")));
    }

    [Theory, Engines]
    public async Task Exposure_SumsImportedAndPlatformLoans(DatabaseEngine engine)
    {
        await using var test = await TestDatabase.CreateAsync(engine);
        using (var history = new ImportFolder(SampleHistory.All()))
        {
            Assert.True((await new Importer(test.Database, TimeProvider.System).ImportAsync(history.Path)).Succeeded);
        }

        await using var connection = await test.Database.OpenAsync();
        // Platform: 1,000.00 over 3 months from Aug 20, nothing paid; #1 due Sep 20.
        await InTransactionAsync(connection, tx => LoanDrawdown.CreditAsync(connection, tx, "loan_P", "dec_P", "M1", M(1_000.00m), 0.0005m, 3, T("2025-08-20T00:00:00Z")));

        // Oct 5: imported L1 (M1) owes #3's 1,000.00 principal, due Oct 1 (4 days); loan_P all 1,000.00, #1 15 days late.
        // L2 (M2) was disbursed Oct 29: not yet counted.
        var october = await LoanExposure.ForMerchantAsync(connection, null, "M1", T("2025-10-05T00:00:00Z"));
        var all = await LoanExposure.AllAsync(connection, null, T("2025-12-01T00:00:00Z"));

        Assert.Equal(new MerchantExposure(M(2_000.00m), 15), october);
        Assert.Equal(new MerchantExposure(M(0m), 0), await LoanExposure.ForMerchantAsync(connection, null, "M2", T("2025-10-05T00:00:00Z")));
        // Dec 1: L1 61 days past Oct 1, loan_P 72 days past Sep 20; L2's 300.00 is 3 days past Nov 28.
        Assert.Equal(new MerchantExposure(M(2_000.00m), 72), all["M1"]);
        Assert.Equal(new MerchantExposure(M(300.00m), 3), all["M2"]);
        Assert.Equal(2, all.Count);
    }

    /// <summary>Merchant M1 with shipped orders P1 (500.00) and P2 (300.00), pledged to order loan loan_O: 640.00 from Oct 1, due Oct 31 with 9.60 interest.</summary>
    private static async Task<Importer> WithPledgedOrdersAsync(TestDatabase test, System.Data.Common.DbConnection connection)
    {
        var importer = new Importer(test.Database, TimeProvider.System);
        using var folder = new ImportFolder().Write("merchants.csv", Merchants).Write("orders.csv", SampleHistory.Lines(
            OrdersHeader,
            "P1,M1,B1,500.00,2025-09-28T10:00:00Z,2025-09-29T10:00:00Z,,,,",
            "P2,M1,B2,300.00,2025-09-28T11:00:00Z,2025-09-29T11:00:00Z,,,,"));
        Assert.True((await importer.ImportAsync(folder.Path)).Succeeded);
        var drawn = await InTransactionAsync(connection, tx => LoanDrawdown.OrderAsync(
            connection, tx, "loan_O", "dec_O", "M1", [new("P1", M(500.00m), M(400.00m)), new("P2", M(300.00m), M(240.00m))], 0.0005m, T("2025-10-01T10:00:00Z")));
        Assert.Equal([new ScheduledInstallment(1, D("2025-10-31"), M(640.00m), M(9.60m))], drawn.Schedule);
        return importer;
    }

    private static async Task<List<long>> CountsAsync(System.Data.Common.DbConnection connection)
    {
        var counts = new List<long>();
        foreach (var table in new[] { "merchants", "orders", "loans", "installments", "repayments", "loan_orders", "loan_pledges", "imports" })
        {
            counts.Add(await connection.ExecuteScalarAsync<long>($"SELECT count(*) FROM {table}"));
        }

        return counts;
    }
}
