using Dapper;
using Microcredit.Jobs.Platform;
using Microcredit.Jobs.Tests.Scheduling;
using Microcredit.Scoring.Storage;
using Microcredit.Tests;
using Microcredit.Underwriting.Auth;
using Microcredit.Underwriting.Dashboard.Officers;

namespace Microcredit.Jobs.Tests.Platform;

public class PlatformBootstrapTests
{
    [Theory, Engines]
    public async Task First_start_sets_up_the_demo_once_and_later_starts_keep_the_pinned_day(DatabaseEngine engine)
    {
        await using var test = await TestDatabase.CreateAsync(engine, migrate: false);
        var root = JobTestKit.RepoRoot();
        var credentials = Path.Combine(Path.GetTempPath(), "microcredit-tests", $"demo-{Guid.NewGuid():N}.txt");
        var log = new List<string>();

        var first = await PlatformBootstrap.EnsureAsync(test.Database, Path.Combine(root, "data-samples"), Path.Combine(root, "models"), credentials, TimeProvider.System, log.Add, CancellationToken.None);
        var second = await PlatformBootstrap.EnsureAsync(test.Database, Path.Combine(root, "data-samples"), Path.Combine(root, "models"), credentials, TimeProvider.System, log.Add, CancellationToken.None);

        Assert.True(first.FirstStart);
        // data-samples/ ends on 2026-10-31 (data-samples/README.md).
        Assert.Equal(new DateOnly(2026, 10, 31), first.PinnedToday);
        Assert.False(second.FirstStart);
        Assert.Equal(first.PinnedToday, second.PinnedToday);
        Assert.Null(second.DemoKey);
        var written = await File.ReadAllTextAsync(credentials);
        Assert.Contains(first.DemoKey!, written, StringComparison.Ordinal);
        Assert.Empty(second.DemoOfficers);
        Assert.Equal(["supervisor", "officer"], first.DemoOfficers.Select(o => o.Role));
        await using var connection = await test.Database.OpenAsync();
        Assert.Equal(2000, await connection.ExecuteScalarAsync<long>("SELECT count(*) FROM merchants"));
        Assert.Equal(2000, await connection.ExecuteScalarAsync<long>("SELECT count(*) FROM offers"));
        Assert.Equal(1, await connection.ExecuteScalarAsync<long>("SELECT count(*) FROM feature_snapshots WHERE as_of = '2026-10-31'"));
        Assert.Equal(2, await connection.ExecuteScalarAsync<long>("SELECT count(*) FROM model_champions"));
        Assert.Equal(1, await connection.ExecuteScalarAsync<long>("SELECT count(*) FROM api_keys"));
        var key = await ApiKeys.VerifyAsync(connection, first.DemoKey!);
        Assert.NotNull(key);
        Assert.True(await ApiKeys.MayActForAsync(connection, key.KeyId, "m000007"));
        foreach (var officer in first.DemoOfficers)
        {
            Assert.Contains($"Dashboard {officer.Role}: {officer.OfficerId} / {officer.Password}", written, StringComparison.Ordinal);
            var signIn = await OfficerAccounts.SignInAsync(connection, officer.OfficerId, officer.Password, OfficerAccounts.DefaultLockout, TimeProvider.System.GetUtcNow());
            Assert.Equal(officer.Role, signIn.Officer?.Role);
        }

        File.Delete(credentials);
    }
}
