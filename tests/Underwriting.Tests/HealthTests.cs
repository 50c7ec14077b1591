using System.Net;
using Microcredit.Scoring.Storage;
using Microcredit.Tests;
using Microcredit.Underwriting.Tests.Api;

namespace Microcredit.Underwriting.Tests;

public class HealthTests
{
    [Fact]
    public async Task Health_is_ok_once_started_on_a_fresh_database()
    {
        await using var database = await TestDatabase.CreateAsync(DatabaseEngine.Sqlite, migrate: false);
        await using var factory = new ApiFactory(database, new TestClock(ApiWorld.Start));
        using var client = factory.CreateClient();

        var response = await client.GetAsync(new Uri("/health", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(await new Migrator(database.Database, TimeProvider.System).CurrentVersionAsync(), Migrator.Scripts(DatabaseEngine.Sqlite)[^1].Version);
    }
}
