using Microcredit.Scoring.Registry;
using Microcredit.Scoring.Storage;
using Microcredit.Underwriting.Decisions;

namespace Microcredit.Underwriting;

/// <summary>
/// Before the service takes requests: brings the schema up to date (several instances may start
/// at once; the migrator serializes them), records the running policy version, and seeds the
/// shipped models into the registry when configuration <c>Models</c> names their directory.
/// </summary>
public sealed class StartupMigration(Database database, TimeProvider time, RunningPolicy policy, IConfiguration configuration) : IHostedService
{
    public const string ModelsKey = "Models";

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await new Migrator(database, time).MigrateAsync(cancellationToken);
        await using (var connection = await database.OpenAsync(cancellationToken))
        {
            await PolicyStore.RegisterAsync(connection, policy.Policy, policy.Text, time.GetUtcNow(), cancellationToken);
        }

        if (configuration[ModelsKey] is { Length: > 0 } models)
        {
            await ModelRegistry.SeedAsync(database, models, time, cancellationToken);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
