using Dapper;
using Microcredit.Scoring.Features.Engine;
using Microcredit.Scoring.Features.History;
using Microcredit.Scoring.Features.Snapshots;
using Microcredit.Scoring.Import;
using Microcredit.Scoring.Registry;
using Microcredit.Scoring.Storage;
using Microcredit.Underwriting.Auth;
using Microcredit.Underwriting.Dashboard.Officers;
using Microcredit.Underwriting.Decisions;
using Microcredit.Underwriting.Offers;
using Microcredit.Underwriting.Policy;

namespace Microcredit.Jobs.Platform;

/// <summary>
/// What <c>credit run</c> does before it serves: migrate; on the first start of an empty platform,
/// import the sample history, pin the platform's "today" to the sample's last day (kept in
/// platform_settings, so the demo works whatever the real date), build that day's snapshot, seed the
/// shipped models, refresh offers, and create a demo API key for every merchant, written once to a
/// git-ignored file under data/. Later starts only migrate and read the pin back.
/// </summary>
public static class PlatformBootstrap
{
    public const string InitializedKey = "platform.initialized_at";

    public const string TodayKey = "clock.today";

    public sealed record Result(bool FirstStart, DateOnly? PinnedToday, string? DemoKey, IReadOnlyList<DemoOfficer> DemoOfficers, string? CredentialsFile, ImportResult? Import);

    /// <summary>A dashboard account the first start creates, with its generated password (shown once).</summary>
    public sealed record DemoOfficer(string OfficerId, string Role, string Password);

    public static async Task<Result> EnsureAsync(
        Database database, string samples, string models, string credentialsFile, TimeProvider system, Action<string> log, CancellationToken cancellationToken)
    {
        await new Migrator(database, system).MigrateAsync(cancellationToken);
        await using var connection = await database.OpenAsync(cancellationToken);
        if (await SettingAsync(connection, InitializedKey, cancellationToken) is not null)
        {
            var pinned = await SettingAsync(connection, TodayKey, cancellationToken);
            return new Result(false, pinned is null ? null : DbTime.DateFromDb(pinned), null, [], null, null);
        }

        ImportResult? import = null;
        var merchants = await connection.ExecuteScalarAsync<long>(new CommandDefinition("SELECT count(*) FROM merchants", cancellationToken: cancellationToken));
        if (merchants == 0 && Directory.Exists(samples))
        {
            log($"First start: importing the sample history from {samples} …");
            import = await new Importer(database, system).ImportAsync(samples, cancellationToken: cancellationToken);
            if (!import.Succeeded)
            {
                throw new InvalidOperationException($"The sample history in {samples} did not import: {import.TotalErrors} errors.");
            }
        }

        var last = await connection.ExecuteScalarAsync<long?>(new CommandDefinition("SELECT max(created_at) FROM orders", cancellationToken: cancellationToken));
        DateOnly? today = last is { } ms ? DateOnly.FromDateTime(DbTime.FromDb(ms).UtcDateTime) : null;
        TimeProvider clock = today is { } day ? new PinnedClock(day, system) : system;
        var asOf = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        log($"Building the feature snapshot as of {DbTime.ToDb(asOf)} …");
        var history = HistoryLoader.Load(database, cancellationToken);
        await FeatureSnapshotStore.SaveAsync(database, FeatureEngine.ComputeAsOf(history, asOf), clock, cancellationToken);

        var seeded = await ModelRegistry.SeedAsync(database, models, clock, cancellationToken);
        log($"Models: {string.Join(", ", seeded)}.");
        var policy = PolicyLoader.LoadDefault();
        await PolicyStore.RegisterAsync(connection, policy, PolicyLoader.DefaultText(), clock.GetUtcNow(), cancellationToken);
        var offers = await OfferRefresh.RunAsync(database, policy, clock.GetUtcNow(), cancellationToken);
        log($"Offers: {offers.Approve} approve, {offers.Review} review, {offers.Decline} decline.");

        string? key = null;
        List<DemoOfficer> officers = [new("supervisor", OfficerRoles.Supervisor, PasswordRules.Generate()), new("officer", OfficerRoles.Officer, PasswordRules.Generate())];
        var ids = (await connection.QueryAsync<string>(new CommandDefinition("SELECT merchant_id FROM merchants ORDER BY merchant_id", cancellationToken: cancellationToken))).ToList();
        await using (var transaction = await connection.BeginTransactionAsync(cancellationToken))
        {
            if (ids.Count > 0)
            {
                (_, key) = await ApiKeys.CreateAsync(connection, transaction, "demo", ids, ApiKeys.DefaultRequestsPerMinute, clock.GetUtcNow(), cancellationToken);
            }

            // An existing account of that name (created before the first start) keeps its password.
            foreach (var officer in officers.ToList())
            {
                if (!await OfficerAccounts.CreateAsync(connection, transaction, officer.OfficerId, $"Demo {officer.Role}", officer.Role, officer.Password, "credit run", clock.GetUtcNow(), cancellationToken))
                {
                    officers.Remove(officer);
                }
            }

            await SetAsync(connection, transaction, InitializedKey, DbTime.ToDb(system.GetUtcNow()).ToString(System.Globalization.CultureInfo.InvariantCulture), cancellationToken);
            if (today is { } pin)
            {
                await SetAsync(connection, transaction, TodayKey, DbTime.ToDb(pin), cancellationToken);
            }

            await transaction.CommitAsync(cancellationToken);
        }

        var written = key is not null || officers.Count > 0;
        if (written)
        {
            Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(credentialsFile))!);
            await File.WriteAllTextAsync(credentialsFile, CredentialsText(asOf, key, officers), cancellationToken);
        }

        return new Result(true, today, key, officers, written ? credentialsFile : null, import);
    }

    /// <summary>The credentials file, and what <c>credit run</c> prints on the first start.</summary>
    public static string CredentialsText(DateOnly asOf, string? key, IEnumerable<DemoOfficer> officers)
    {
        var text = new System.Text.StringBuilder($"# Demo credentials created {DbTime.ToDb(asOf)}; shown once on first start.\n");
        if (key is not null)
        {
            text.Append(System.Globalization.CultureInfo.InvariantCulture, $"X-Api-Key: {key}\n");
        }

        foreach (var officer in officers)
        {
            text.Append(System.Globalization.CultureInfo.InvariantCulture, $"Dashboard {officer.Role}: {officer.OfficerId} / {officer.Password}\n");
        }

        return text.ToString();
    }

    private static Task<string?> SettingAsync(System.Data.Common.DbConnection connection, string key, CancellationToken cancellationToken) =>
        connection.ExecuteScalarAsync<string?>(new CommandDefinition("SELECT value FROM platform_settings WHERE key = @key", new { key }, cancellationToken: cancellationToken));

    private static Task<int> SetAsync(System.Data.Common.DbConnection connection, System.Data.Common.DbTransaction transaction, string key, string value, CancellationToken cancellationToken) =>
        connection.ExecuteAsync(new CommandDefinition(
            "INSERT INTO platform_settings (key, value) VALUES (@key, @value) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            new { key, value },
            transaction,
            cancellationToken: cancellationToken));
}
