using Microcredit.Scoring.Storage;

namespace Microcredit.Underwriting;

/// <summary>Brings the schema up to date before the service takes requests (several instances may start at once; the migrator serializes them).</summary>
public sealed class StartupMigration(Database database, TimeProvider time) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken) => await new Migrator(database, time).MigrateAsync(cancellationToken);

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
