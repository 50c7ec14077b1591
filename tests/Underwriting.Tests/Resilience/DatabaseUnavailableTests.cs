using System.Net;
using Microcredit.Scoring.Storage;
using Microcredit.Tests;
using Microcredit.Underwriting.Auth;
using Microcredit.Underwriting.Decisions;
using Microcredit.Underwriting.Resilience;
using Microcredit.Underwriting.Tests.Api;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace Microcredit.Underwriting.Tests.Resilience;

public class DatabaseUnavailableTests
{
    private const string Credit = "/v1/credit-loans/decisions";

    private static readonly object Request = new { merchantId = ApiWorld.Good, requestedAmount = 1000m, termMonths = 6 };

    [Theory, Engines]
    public async Task A_database_locked_past_the_command_timeout_gives_503_and_the_retry_succeeds(DatabaseEngine engine)
    {
        await using var world = await ApiWorld.CreateAsync(engine);
        await using var impatient = Database.FromSetting(world.Database.Setting, new DatabaseTimeouts(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1)));
        await using var service = Service(world, impatient);
        using var client = Client(service, world);

        HttpResponseMessage locked;
        await using (await WriteLock.HoldAsync(world.Database))
        {
            locked = await world.PostAsync(Credit, Request, "retry-me", client);
        }

        var retried = await world.PostAsync(Credit, Request, "retry-me", client);

        await AssertUnavailableAsync(locked);
        Assert.Equal(HttpStatusCode.Created, retried.StatusCode);
        Assert.Equal(1, await world.CountAsync("decisions"));
        Assert.Equal(1, await world.CountAsync("audit_events WHERE action = 'decision.credit'"));
    }

    [PostgresFact]
    public async Task A_PostgreSQL_server_that_goes_away_gives_503_and_the_service_recovers_when_it_returns()
    {
        await using var world = await ApiWorld.CreateAsync(DatabaseEngine.Postgres);
        var setting = new NpgsqlConnectionStringBuilder(world.Database.Setting);
        await using var relay = TcpRelay.To(setting.Host!, setting.Port);
        setting.Host = "127.0.0.1";
        setting.Port = relay.Port;
        await using var throughRelay = Database.FromSetting(setting.ConnectionString, new DatabaseTimeouts(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(5)));
        await using var service = Service(world, throughRelay);
        using var client = Client(service, world);

        var before = await world.PostAsync(Credit, Request, client: client);
        // Four idle connections in the service's pool, all broken by the cut: none may fail a
        // request once the server is back.
        var held = new List<System.Data.Common.DbConnection>();
        for (var i = 0; i < 4; i++)
        {
            held.Add(await throughRelay.OpenAsync());
        }

        foreach (var connection in held)
        {
            await connection.DisposeAsync();
        }

        await relay.CutAsync();
        var pooled = await world.PostAsync(Credit, Request, "during-outage", client);
        var fresh = await client.GetAsync(new Uri("/v1/decisions/dec_NONE", UriKind.Relative));
        relay.Restore();
        var after = await world.PostAsync(Credit, Request, client: client);
        var retried = await world.PostAsync(Credit, Request, "during-outage", client);

        Assert.Equal(HttpStatusCode.Created, before.StatusCode);
        await AssertUnavailableAsync(pooled);
        await AssertUnavailableAsync(fresh);
        Assert.Equal(HttpStatusCode.Created, after.StatusCode);
        Assert.Equal(HttpStatusCode.Created, retried.StatusCode);
        Assert.Equal(3, await world.CountAsync("decisions"));
    }

    [Fact]
    public void Only_failures_to_reach_the_database_or_to_get_an_answer_in_time_are_503()
    {
        Assert.Equal(DatabaseUnavailable.Failure.Connection, DatabaseUnavailable.Classify(new NpgsqlException("Exception while reading from stream", new EndOfStreamException())));
        Assert.Equal(DatabaseUnavailable.Failure.Connection, DatabaseUnavailable.Classify(Postgres("57P01")));
        Assert.Equal(DatabaseUnavailable.Failure.Connection, DatabaseUnavailable.Classify(Postgres("08006")));
        Assert.Equal(DatabaseUnavailable.Failure.Busy, DatabaseUnavailable.Classify(Postgres("53300")));
        Assert.Equal(DatabaseUnavailable.Failure.Busy, DatabaseUnavailable.Classify(Postgres("40P01")));
        Assert.Equal(DatabaseUnavailable.Failure.Busy, DatabaseUnavailable.Classify(new InvalidOperationException("wrapped", new SqliteException("database is locked", 5))));
        Assert.Equal(DatabaseUnavailable.Failure.Busy, DatabaseUnavailable.Classify(new TimeoutException()));
        // Bugs stay 500s: a broken constraint, a syntax error, anything else.
        Assert.Equal(DatabaseUnavailable.Failure.None, DatabaseUnavailable.Classify(Postgres("23505")));
        Assert.Equal(DatabaseUnavailable.Failure.None, DatabaseUnavailable.Classify(Postgres("42601")));
        Assert.Equal(DatabaseUnavailable.Failure.None, DatabaseUnavailable.Classify(new SqliteException("UNIQUE constraint failed", 19)));
        Assert.Equal(DatabaseUnavailable.Failure.None, DatabaseUnavailable.Classify(new InvalidOperationException("bug")));
    }

    private static PostgresException Postgres(string state) => new("message", "ERROR", "ERROR", state);

    private static ApiFactory Service(ApiWorld world, Database database) =>
        new(world.Database, world.Clock, builder => builder.UseSetting(RunningPolicy.ConfigurationKey, world.PolicyPath), database);

    private static HttpClient Client(ApiFactory service, ApiWorld world)
    {
        var client = service.CreateClient();
        client.DefaultRequestHeaders.Add(ApiKeyAuthentication.Header, world.Key);
        return client;
    }

    private static async Task AssertUnavailableAsync(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("1", response.Headers.RetryAfter?.ToString());
        Assert.EndsWith("#unavailable", (string?)(await ApiWorld.JsonAsync(response))["type"], StringComparison.Ordinal);
    }
}
