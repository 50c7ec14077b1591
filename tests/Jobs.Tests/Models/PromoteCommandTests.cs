using System.Text.Json;
using Dapper;
using Microcredit.Jobs.Cli;
using Microcredit.Jobs.Tests.Cli;
using Microcredit.Jobs.Tests.Scheduling;
using Microcredit.Scoring.Storage;
using Microcredit.Tests;

namespace Microcredit.Jobs.Tests.Models;

public sealed class PromoteCommandTests
{
    private static readonly DateTimeOffset Start = new(2026, 3, 1, 9, 0, 0, TimeSpan.Zero);

    [Theory, Engines]
    public async Task Promote_FilesAndIds_KeepsEveryPromotionAndListShowsTheArtifactsValidation(DatabaseEngine engine)
    {
        await using var test = await TestDatabase.CreateAsync(engine);
        var clock = new TestClock(Start);
        var credit = ShippedModel("credit.json");
        var german = ShippedModel("german.json");

        var first = await CliRunner.RunAsync(clock, "promote", "--model", credit, "--by", "ana", "--database", test.Setting);
        clock.Advance(TimeSpan.FromMinutes(1));
        var second = await CliRunner.RunAsync(clock, "promote", "--model", german, "--by", "ben", "--database", test.Setting);
        clock.Advance(TimeSpan.FromMinutes(1));
        var back = await CliRunner.RunAsync(clock, "promote", "--model", first.Out.Trim(), "--by", "ana", "--database", test.Setting);
        var list = await CliRunner.RunAsync("models", "list", "--json", "--database", test.Setting);

        Assert.True(first.ExitCode == ExitCodes.Ok, first.Error);
        Assert.Equal(ExitCodes.Ok, second.ExitCode);
        Assert.Equal(ExitCodes.Ok, back.ExitCode);
        var creditId = first.Out.Trim();
        var germanId = second.Out.Trim();
        Assert.Equal(creditId, back.Out.Trim());
        Assert.Contains($"(was {germanId})", back.Error, StringComparison.Ordinal);
        await using (var connection = await test.Database.OpenAsync())
        {
            var history = (await connection.QueryAsync<(string ModelId, long PromotedAt, string PromotedBy)>(
                "SELECT model_id, promoted_at, promoted_by FROM model_promotions ORDER BY promoted_at")).ToList();
            Assert.Equal(
                [(creditId, Ms(Start), "ana"), (germanId, Ms(Start.AddMinutes(1)), "ben"), (creditId, Ms(Start.AddMinutes(2)), "ana")],
                history);
            Assert.Equal(creditId, await connection.ExecuteScalarAsync<string>("SELECT model_id FROM model_champions WHERE kind = 'credit'"));
            Assert.Equal(2, await connection.ExecuteScalarAsync<long>("SELECT count(*) FROM models"));
        }

        Assert.Equal(ExitCodes.Ok, list.ExitCode);
        using var json = JsonDocument.Parse(list.Out);
        var models = json.RootElement.GetProperty("models").EnumerateArray().ToDictionary(m => m.GetProperty("modelId").GetString()!);
        Assert.True(models[creditId].GetProperty("isChampion").GetBoolean());
        Assert.False(models[germanId].GetProperty("isChampion").GetBoolean());
        foreach (var (id, path) in new[] { (creditId, credit), (germanId, german) })
        {
            using var artifact = JsonDocument.Parse(await File.ReadAllTextAsync(path));
            var validation = artifact.RootElement.GetProperty("validation");
            Assert.Equal(validation.GetProperty("auc").GetDouble(), models[id].GetProperty("validationAuc").GetDouble());
            Assert.Equal(validation.GetProperty("pooled").GetProperty("ks").GetDouble(), models[id].GetProperty("validationKs").GetDouble());
            Assert.Equal(JsonValueKind.Null, models[id].GetProperty("outOfTime").ValueKind);
        }

        Assert.Equal([creditId, germanId, creditId], json.RootElement.GetProperty("promotions").EnumerateArray().Select(p => p.GetProperty("modelId").GetString()));
    }

    [Theory, Engines]
    public async Task Promote_UnknownIdOrMissingFile_FailsAndRecordsNothing(DatabaseEngine engine)
    {
        await using var test = await TestDatabase.CreateAsync(engine);

        var unknown = await CliRunner.RunAsync("promote", "--model", "credit-000000000000", "--database", test.Setting);
        var missing = await CliRunner.RunAsync("promote", "--model", "no-such-model.json", "--database", test.Setting);

        Assert.Equal(ExitCodes.Failure, unknown.ExitCode);
        Assert.Contains("No model 'credit-000000000000' in the registry", unknown.Error, StringComparison.Ordinal);
        Assert.Equal(ExitCodes.Failure, missing.ExitCode);
        Assert.Contains("no-such-model.json: model file not found", missing.Error, StringComparison.Ordinal);
        await using var connection = await test.Database.OpenAsync();
        Assert.Equal(0, await connection.ExecuteScalarAsync<long>("SELECT count(*) FROM model_promotions"));
    }

    private static long Ms(DateTimeOffset instant) => instant.ToUnixTimeMilliseconds();

    internal static string ShippedModel(string name) => Path.Combine(JobTestKit.RepoRoot(), "models", name);
}
