using Dapper;
using Microcredit.Jobs.Servicing;
using Microcredit.Jobs.Tests.Samples;
using Microcredit.Scoring.Storage;
using Microcredit.Tests;
using Xunit.Abstractions;

namespace Microcredit.Jobs.Tests.Servicing;

[Collection(SampleGroup.Name)]
public class ServicingJobSampleTests(SampleDatabases samples, ITestOutputHelper output)
{
    [Theory, Engines]
    public async Task Run_TwiceOnTheSample_GivesIdenticalRows(DatabaseEngine engine)
    {
        var context = await samples.ContextAsync(engine, SampleDatabases.AsOf);

        var first = await ServicingJob.RunAsync(context, default);
        var firstRows = await DumpAsync(context.Database);
        var second = await ServicingJob.RunAsync(context, default);
        output.WriteLine(first.Summary);

        Assert.Equal(firstRows, await DumpAsync(context.Database));
        Assert.Contains(" 0 newly written off", second.Summary, StringComparison.Ordinal);
        Assert.DoesNotContain(" 0 newly written off", first.Summary, StringComparison.Ordinal);
        await using var connection = await context.Database.OpenAsync();
        // Every loan disbursed before Nov 1 has a row; the summary is the open book.
        var loans = await connection.ExecuteScalarAsync<long>("SELECT count(*) FROM loans WHERE disbursed_at < @at", new { at = DbTime.StartOf(SampleDatabases.AsOf) });
        Assert.Equal(loans, await connection.ExecuteScalarAsync<long>("SELECT count(*) FROM loan_servicing WHERE as_of = '2026-11-01'"));
        Assert.Equal(5, await connection.ExecuteScalarAsync<long>("SELECT count(*) FROM portfolio_summary WHERE as_of = '2026-11-01'"));
        var open = await connection.QuerySingleAsync<(long Loans, long Principal)>(
            "SELECT count(*), CAST(coalesce(sum(principal_outstanding), 0) AS BIGINT) FROM loan_servicing WHERE as_of = '2026-11-01' AND status IN ('current', 'late')");
        var summed = await connection.QuerySingleAsync<(long Loans, long Principal)>(
            "SELECT CAST(sum(loans) AS BIGINT), CAST(sum(principal_outstanding) AS BIGINT) FROM portfolio_summary WHERE as_of = '2026-11-01'");
        Assert.Equal(open, summed);
        Assert.True(open.Loans > 0);
        // The sample has old defaults: some loans passed 180 days past due, each written off once, at 180.
        var writeOffs = await connection.QueryAsync<(string LoanId, long Days)>("SELECT loan_id, days_past_due FROM loan_write_offs");
        Assert.NotEmpty(writeOffs);
        Assert.All(writeOffs, w => Assert.Equal(180, w.Days));
    }

    private static async Task<List<string>> DumpAsync(Database database) =>
    [
        .. await SampleDatabases.RowsAsync(database, "SELECT * FROM loan_servicing WHERE as_of = '2026-11-01'"),
        .. await SampleDatabases.RowsAsync(database, "SELECT * FROM portfolio_summary WHERE as_of = '2026-11-01'"),
        .. await SampleDatabases.RowsAsync(database, "SELECT * FROM loan_write_offs"),
    ];
}
