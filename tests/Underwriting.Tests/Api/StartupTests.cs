using System.Text.Json.Nodes;
using Microcredit.Scoring.Storage;
using Microcredit.Tests;
using Microcredit.Underwriting.Decisions;
using Microcredit.Underwriting.Policy;
using Microsoft.AspNetCore.Hosting;

namespace Microcredit.Underwriting.Tests.Api;

public class StartupTests
{
    [Fact]
    public async Task An_invalid_policy_file_stops_start_up_naming_the_file_and_field()
    {
        await using var database = await TestDatabase.CreateAsync(DatabaseEngine.Sqlite);
        var policy = JsonNode.Parse(PolicyLoader.DefaultText())!.AsObject();
        policy["grades"]![1]!["dailyRate"] = 0.2m;
        var path = Path.Combine(Path.GetTempPath(), "microcredit-tests", $"bad-policy-{Guid.NewGuid():N}.json");
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        await File.WriteAllTextAsync(path, policy.ToJsonString());
        await using var factory = new ApiFactory(database, new TestClock(ApiWorld.Start), builder => builder.UseSetting(RunningPolicy.ConfigurationKey, path));

        var error = Assert.Throws<PolicyException>(() => factory.CreateClient());

        Assert.Contains(path, error.Message, StringComparison.Ordinal);
        Assert.Contains("grades[1].dailyRate", error.Message, StringComparison.Ordinal);
        File.Delete(path);
    }

    [Fact]
    public async Task A_changed_policy_under_a_recorded_version_stops_start_up()
    {
        await using var database = await TestDatabase.CreateAsync(DatabaseEngine.Sqlite);
        var policy = JsonNode.Parse(PolicyLoader.DefaultText())!.AsObject();
        var path = Path.Combine(Path.GetTempPath(), "microcredit-tests", $"policy-{Guid.NewGuid():N}.json");
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        await File.WriteAllTextAsync(path, policy.ToJsonString());
        await using (var first = new ApiFactory(database, new TestClock(ApiWorld.Start), builder => builder.UseSetting(RunningPolicy.ConfigurationKey, path)))
        {
            first.CreateClient().Dispose();
        }

        policy["validityDays"] = 5;
        await File.WriteAllTextAsync(path, policy.ToJsonString());
        await using var second = new ApiFactory(database, new TestClock(ApiWorld.Start), builder => builder.UseSetting(RunningPolicy.ConfigurationKey, path));

        var error = Assert.Throws<PolicyException>(() => second.CreateClient());

        Assert.Contains("already recorded with different content", error.Message, StringComparison.Ordinal);
        File.Delete(path);
    }
}
