using Microcredit.Scoring.Simulation;

namespace Microcredit.Scoring.Tests.Simulation;

/// <summary>
/// One simulation shared by the simulation tests: the options of data-samples/ (2,000 merchants,
/// 24 months ending 2026-10-31, seed 1), written as plain CSV and read back.
/// </summary>
public sealed class SampleFixture : IAsyncLifetime
{
    public static readonly SimulationOptions SampleOptions = new()
    {
        Merchants = 2_000,
        Months = 24,
        End = new DateOnly(2026, 10, 31),
        Seed = 1,
    };

    public SimulatedData Data { get; private set; } = null!;

    public async Task InitializeAsync() => Data = await SimulatedData.GenerateAsync(SampleOptions);

    public Task DisposeAsync()
    {
        Directory.Delete(Data.Directory, recursive: true);
        return Task.CompletedTask;
    }
}

[CollectionDefinition(Name)]
public sealed class SampleGroup : ICollectionFixture<SampleFixture>
{
    public const string Name = "Simulated sample";
}
