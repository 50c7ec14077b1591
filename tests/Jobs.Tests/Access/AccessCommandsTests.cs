using System.Security.Cryptography;
using System.Text;
using Dapper;
using Microcredit.Jobs.Tests.Cli;
using Microcredit.Jobs.Tests.Scheduling;
using Microcredit.Scoring.Storage;
using Microcredit.Tests;
using Microcredit.Underwriting.Auth;
using Microcredit.Underwriting.Webhooks;

namespace Microcredit.Jobs.Tests.Access;

public class AccessCommandsTests
{
    [Theory, Engines]
    public async Task Apikey_create_prints_the_key_once_and_stores_only_its_hash(DatabaseEngine engine)
    {
        await using var test = await TestDatabase.CreateAsync(engine);
        await InsertMerchantsAsync(test, "M1", "M2", "M3");

        var created = await CliRunner.RunAsync("apikey", "create", "--merchants", "M1,M2", "--name", "shop-app", "--database", test.Setting);
        var unknown = await CliRunner.RunAsync("apikey", "create", "--merchants", "M1,NOPE", "--database", test.Setting);

        Assert.Equal(0, created.ExitCode);
        var key = created.Out.Trim();
        var keyId = key.Split('.')[0];
        var secret = key.Split('.')[1];
        await using var connection = await test.Database.OpenAsync();
        var hash = await connection.ExecuteScalarAsync<string>("SELECT secret_hash FROM api_keys WHERE key_id = @keyId", new { keyId });
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(secret))), hash);
        Assert.Equal(0, await connection.ExecuteScalarAsync<long>("SELECT count(*) FROM api_keys WHERE secret_hash = @secret OR name = @secret", new { secret }));
        Assert.Equal(["M1", "M2"], (await connection.QueryAsync<string>("SELECT merchant_id FROM api_key_merchants ORDER BY merchant_id")).ToList());
        Assert.NotNull(await ApiKeys.VerifyAsync(connection, key));
        Assert.Null(await ApiKeys.VerifyAsync(connection, keyId + ".WRONG"));
        Assert.Equal(1, unknown.ExitCode);
        Assert.Contains("NOPE", unknown.Error, StringComparison.Ordinal);

        var list = await CliRunner.RunAsync("apikey", "list", "--database", test.Setting);
        var revoke = await CliRunner.RunAsync("apikey", "revoke", keyId, "--database", test.Setting);
        var again = await CliRunner.RunAsync("apikey", "revoke", keyId, "--database", test.Setting);
        Assert.DoesNotContain(secret, list.Out + list.Error, StringComparison.Ordinal);
        Assert.Equal(0, revoke.ExitCode);
        Assert.Null(await ApiKeys.VerifyAsync(connection, key));
        Assert.Equal(1, again.ExitCode);
    }

    [Theory, Engines]
    public async Task Blocklist_add_list_remove_and_audit(DatabaseEngine engine)
    {
        await using var test = await TestDatabase.CreateAsync(engine);

        var add = await CliRunner.RunAsync("blocklist", "add", "M9", "--reason", "fake orders", "--by", "risk-team", "--database", test.Setting);
        var list = await CliRunner.RunAsync("blocklist", "list", "--database", test.Setting);
        var remove = await CliRunner.RunAsync("blocklist", "remove", "M9", "--by", "risk-team", "--database", test.Setting);
        var removeAgain = await CliRunner.RunAsync("blocklist", "remove", "M9", "--database", test.Setting);
        var noReason = await CliRunner.RunAsync("blocklist", "add", "M9", "--database", test.Setting);

        Assert.Equal(0, add.ExitCode);
        Assert.Contains("M9\t", list.Out, StringComparison.Ordinal);
        Assert.Contains("fake orders", list.Out, StringComparison.Ordinal);
        Assert.Equal(0, remove.ExitCode);
        Assert.Equal(1, removeAgain.ExitCode);
        Assert.Equal(2, noReason.ExitCode);
        await using var connection = await test.Database.OpenAsync();
        Assert.Equal(0, await connection.ExecuteScalarAsync<long>("SELECT count(*) FROM blocklist"));
        Assert.Equal(["blocklist.add", "blocklist.remove"], (await connection.QueryAsync<string>("SELECT action FROM audit_events WHERE subject = 'M9' ORDER BY at, action")).ToList());
    }

    [Theory, Engines]
    public async Task Models_seed_registers_the_shipped_models_as_champions_once(DatabaseEngine engine)
    {
        await using var test = await TestDatabase.CreateAsync(engine);
        var models = Path.Combine(JobTestKit.RepoRoot(), "models");

        var first = await CliRunner.RunAsync("models", "seed", "--dir", models, "--database", test.Setting);
        var second = await CliRunner.RunAsync("models", "seed", "--dir", models, "--database", test.Setting);
        var list = await CliRunner.RunAsync("models", "list", "--database", test.Setting);
        var promoteUnknown = await CliRunner.RunAsync("models", "promote", "credit-000000000000", "--database", test.Setting);
        var badFile = await CliRunner.RunAsync("models", "register", "--kind", "credit", "--file", Path.Combine(models, "nope.json"), "--database", test.Setting);

        Assert.Equal(0, first.ExitCode);
        Assert.Equal(first.Out, second.Out);
        Assert.Contains("credit-", first.Out, StringComparison.Ordinal);
        Assert.Contains("settlement-", first.Out, StringComparison.Ordinal);
        Assert.Equal(2, list.Out.Split('\n').Count(l => l.EndsWith("\tchampion", StringComparison.Ordinal)));
        Assert.Equal(1, promoteUnknown.ExitCode);
        Assert.Contains("credit-000000000000", promoteUnknown.Error, StringComparison.Ordinal);
        Assert.Equal(1, badFile.ExitCode);
        Assert.Contains("not found", badFile.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Replay_of_an_unknown_decision_fails_with_its_id()
    {
        await using var test = await TestDatabase.CreateAsync(DatabaseEngine.Sqlite);

        var result = await CliRunner.RunAsync("replay", "dec_NOPE", "--database", test.Setting);

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("dec_NOPE", result.Error, StringComparison.Ordinal);
    }

    [Theory, Engines]
    public async Task Apikey_callback_urls_come_with_a_signing_secret_shown_once_and_stored_protected(DatabaseEngine engine)
    {
        await using var test = await TestDatabase.CreateAsync(engine);
        await InsertMerchantsAsync(test, "M1");

        var created = await CliRunner.RunAsync("apikey", "create", "--merchants", "M1", "--callback-url", "https://shop.example/hooks?token=abc", "--database", test.Setting);
        var lines = created.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var keyId = lines[0].Split('.')[0];
        var secret = lines[1];
        var stored = await CallbackAsync(test, keyId);
        var moved = await CliRunner.RunAsync("apikey", "callback", keyId, "--url", "https://shop.example/v2/hooks", "--database", test.Setting);
        var afterMove = await CallbackAsync(test, keyId);
        var rotated = await CliRunner.RunAsync("apikey", "callback", keyId, "--url", "https://shop.example/v2/hooks", "--rotate-secret", "--database", test.Setting);
        var afterRotation = await CallbackAsync(test, keyId);
        var list = await CliRunner.RunAsync("apikey", "list", "--database", test.Setting);
        var badUrl = await CliRunner.RunAsync("apikey", "callback", keyId, "--url", "ftp://shop.example/hooks", "--database", test.Setting);
        var neither = await CliRunner.RunAsync("apikey", "callback", keyId, "--database", test.Setting);
        var badCreate = await CliRunner.RunAsync("apikey", "create", "--merchants", "M1", "--callback-url", "hooks", "--database", test.Setting);
        var cleared = await CliRunner.RunAsync("apikey", "callback", keyId, "--clear", "--database", test.Setting);
        var afterClear = await CallbackAsync(test, keyId);
        var unknown = await CliRunner.RunAsync("apikey", "callback", "key_NOPE", "--clear", "--database", test.Setting);

        Assert.Equal(0, created.ExitCode);
        Assert.Matches("^whsec_[0-9a-f]{64}$", secret);
        Assert.Equal("https://shop.example/hooks?token=abc", stored.Url);
        Assert.DoesNotContain(secret, stored.Secret, StringComparison.Ordinal);
        using (var secrets = CallbackSecrets.ForDatabase(test.Database, TimeProvider.System))
        {
            Assert.Equal(secret, secrets.Unprotect(stored.Secret!));
            Assert.NotEqual(secret, secrets.Unprotect(afterRotation.Secret!));
            Assert.Equal(rotated.Out.Trim(), secrets.Unprotect(afterRotation.Secret!));
        }

        Assert.Equal((0, ""), (moved.ExitCode, moved.Out));
        Assert.Equal(("https://shop.example/v2/hooks", stored.Secret), afterMove);
        Assert.Equal(0, rotated.ExitCode);
        Assert.Equal(0, list.ExitCode);
        Assert.DoesNotContain("whsec_", list.Out + list.Error, StringComparison.Ordinal);
        Assert.Equal(2, badUrl.ExitCode);
        Assert.Contains("--url must be an absolute http:// or https:// URL.", badUrl.Error, StringComparison.Ordinal);
        Assert.Equal(2, neither.ExitCode);
        Assert.Equal(2, badCreate.ExitCode);
        Assert.Equal(0, cleared.ExitCode);
        Assert.Equal((null, null), afterClear);
        Assert.Equal(1, unknown.ExitCode);
        await using var connection = await test.Database.OpenAsync();
        Assert.Equal(
            ["apikey.create", "apikey.callback-set", "apikey.callback-set", "apikey.callback-set", "apikey.callback-clear"],
            await connection.QueryAsync<string>("SELECT action FROM audit_events WHERE subject = @keyId ORDER BY at, CASE action WHEN 'apikey.create' THEN 0 WHEN 'apikey.callback-clear' THEN 2 ELSE 1 END", new { keyId }));
        Assert.DoesNotContain("token=abc", string.Concat(await connection.QueryAsync<string>("SELECT details FROM audit_events")), StringComparison.Ordinal);
    }

    private static async Task<(string? Url, string? Secret)> CallbackAsync(TestDatabase test, string keyId)
    {
        await using var connection = await test.Database.OpenAsync();
        return await connection.QuerySingleAsync<(string?, string?)>("SELECT callback_url, callback_secret FROM api_keys WHERE key_id = @keyId", new { keyId });
    }

    private static async Task InsertMerchantsAsync(TestDatabase test, params string[] ids)
    {
        await using var connection = await test.Database.OpenAsync();
        await connection.ExecuteAsync(
            "INSERT INTO merchants (merchant_id, registered_at, category, region, kyc_verified) VALUES (@id, 0, 'apparel', 'east', 1)",
            ids.Select(id => new { id }));
    }
}
