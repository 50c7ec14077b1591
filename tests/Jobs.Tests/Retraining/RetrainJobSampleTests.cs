using System.Globalization;
using Dapper;
using Microcredit.Jobs.Retraining;
using Microcredit.Jobs.Tests.Samples;
using Microcredit.Scoring.Registry;
using Microcredit.Scoring.Storage;
using Microcredit.Tests;
using Xunit.Abstractions;

namespace Microcredit.Jobs.Tests.Retraining;

[Collection(SampleGroup.Name)]
public class RetrainJobSampleTests(SampleDatabases samples, ITestOutputHelper output)
{
    [Theory, Engines]
    public async Task Run_TwiceOnTheSample_RegistersTheSameChallengerAndRows(DatabaseEngine engine)
    {
        var context = await samples.ContextAsync(engine, SampleDatabases.AsOf);
        await using var connection = await context.Database.OpenAsync();
        var champion = (await ModelRegistry.ChampionAsync(connection, ModelRegistry.CreditKind))!.ModelId;

        output.WriteLine((await RetrainJob.RunAsync(context, default)).Summary);
        var first = await DumpAsync(context.Database);
        await RetrainJob.RunAsync(context, default);

        Assert.Equal(first, await DumpAsync(context.Database));
        var rows = (await connection.QueryAsync<Row>("SELECT role AS Role, model_id AS ModelId, train_from AS TrainFrom, train_to AS TrainTo, train_loans AS TrainLoans, eval_from AS EvalFrom, eval_to AS EvalTo, eval_loans AS EvalLoans, auc AS Auc, promoted AS Promoted FROM model_evaluations WHERE as_of = '2026-11-01'")).ToDictionary(r => r.Role);
        Assert.Equal([RetrainJob.ChallengerRole, RetrainJob.ChampionRole], rows.Keys.Order(StringComparer.Ordinal));
        var challenger = rows[RetrainJob.ChallengerRole];
        Assert.Equal(champion, rows[RetrainJob.ChampionRole].ModelId);
        Assert.NotEqual(champion, challenger.ModelId);
        // Nov 1 − 180 days = May 5: credit loans disbursed before are matured; the last 3 months are held out.
        Assert.Equal(("2026-02-05", "2026-02-05", "2026-05-05"), (challenger.TrainTo, challenger.EvalFrom, challenger.EvalTo));
        Assert.Equal("2024-11-01", challenger.TrainFrom);
        Assert.InRange(challenger.TrainLoans, 2000, 4000);
        Assert.InRange(challenger.EvalLoans, 300, 500);
        Assert.Equal(rows[RetrainJob.ChampionRole].EvalLoans, challenger.EvalLoans);
        Assert.InRange(challenger.Auc!.Value, 0.5, 1.0);
        Assert.Equal(0, challenger.Promoted);
        Assert.Equal(champion, (await ModelRegistry.ChampionAsync(connection, ModelRegistry.CreditKind))!.ModelId);
        Assert.NotNull(await ModelRegistry.FindAsync(connection, challenger.ModelId));
    }

    [Theory, Engines]
    public async Task Run_AutoPromote_PromotesOnlyWhenTheGainReachesTheMargin(DatabaseEngine engine)
    {
        var context = await samples.ContextAsync(engine, SampleDatabases.AsOf);
        await using var connection = await context.Database.OpenAsync();
        var champion = (await ModelRegistry.ChampionAsync(connection, ModelRegistry.CreditKind))!.ModelId;
        await RetrainJob.RunAsync(context, default);
        var rows = (await connection.QueryAsync<Row>("SELECT role AS Role, model_id AS ModelId, train_from AS TrainFrom, train_to AS TrainTo, train_loans AS TrainLoans, eval_from AS EvalFrom, eval_to AS EvalTo, eval_loans AS EvalLoans, auc AS Auc, promoted AS Promoted FROM model_evaluations WHERE as_of = '2026-11-01'")).ToDictionary(r => r.Role);
        var gain = rows[RetrainJob.ChallengerRole].Auc!.Value - rows[RetrainJob.ChampionRole].Auc!.Value;
        try
        {
            // Short of the margin by 0.001: stored, not promoted.
            await RetrainJob.RunAsync(await Promoting(engine, gain + 0.001), default);
            Assert.Equal(champion, (await ModelRegistry.ChampionAsync(connection, ModelRegistry.CreditKind))!.ModelId);
            Assert.Equal(0L, await connection.ExecuteScalarAsync<long>("SELECT promoted FROM model_evaluations WHERE as_of = '2026-11-01' AND role = 'challenger'"));

            // Beyond it by 0.001: promoted, once; a rerun compares with the same champion and changes nothing.
            await RetrainJob.RunAsync(await Promoting(engine, gain - 0.001), default);
            var after = await DumpAsync(context.Database);
            await RetrainJob.RunAsync(await Promoting(engine, gain - 0.001), default);

            Assert.Equal(after, await DumpAsync(context.Database));
            Assert.Equal(rows[RetrainJob.ChallengerRole].ModelId, (await ModelRegistry.ChampionAsync(connection, ModelRegistry.CreditKind))!.ModelId);
            Assert.Equal(1L, await connection.ExecuteScalarAsync<long>("SELECT promoted FROM model_evaluations WHERE as_of = '2026-11-01' AND role = 'challenger'"));
            Assert.Equal(champion, await connection.ExecuteScalarAsync<string>("SELECT model_id FROM model_evaluations WHERE as_of = '2026-11-01' AND role = 'champion'"));
            Assert.Equal(1L, await connection.ExecuteScalarAsync<long>(
                "SELECT count(*) FROM model_promotions WHERE model_id = @id", new { id = rows[RetrainJob.ChallengerRole].ModelId }));
        }
        finally
        {
            // The other sample tests expect the shipped champion.
            await ModelRegistry.PromoteAsync(connection, null, champion, "test", samples.Clock.GetUtcNow().AddSeconds(1));
            await connection.ExecuteAsync("DELETE FROM model_evaluations");
        }
    }

    private Task<Microcredit.Jobs.Scheduling.JobContext> Promoting(DatabaseEngine engine, double margin) => samples.ContextAsync(engine, SampleDatabases.AsOf, new Dictionary<string, string?>
    {
        ["Jobs:retrain:AutoPromote"] = "true",
        ["Jobs:retrain:PromoteMargin"] = margin.ToString("R", CultureInfo.InvariantCulture),
    });

    private static async Task<List<string>> DumpAsync(Database database) =>
    [
        .. await SampleDatabases.RowsAsync(database, "SELECT * FROM model_evaluations WHERE as_of = '2026-11-01'"),
        .. await SampleDatabases.RowsAsync(database, "SELECT model_id, kind, family, sha256, source, validation_auc, created_at FROM models"),
        .. await SampleDatabases.RowsAsync(database, "SELECT * FROM model_champions"),
        .. await SampleDatabases.RowsAsync(database, "SELECT * FROM model_promotions"),
    ];

private sealed class Row
    {
        public string Role { get; set; } = "";

        public string ModelId { get; set; } = "";

        public string TrainFrom { get; set; } = "";

        public string TrainTo { get; set; } = "";

        public long TrainLoans { get; set; }

        public string EvalFrom { get; set; } = "";

        public string EvalTo { get; set; } = "";

        public long EvalLoans { get; set; }

        public double? Auc { get; set; }

        public long Promoted { get; set; }
    }
}
