using Dapper;
using Microcredit.Scoring.Features;
using Microcredit.Scoring.Features.Engine;
using Microcredit.Scoring.Features.History;
using Microcredit.Scoring.Features.Snapshots;
using Microcredit.Scoring.Storage;
using Microcredit.Tests;

namespace Microcredit.Scoring.Tests.Features;

public class FeatureSnapshotStoreTests
{
    [Theory, Engines]
    public async Task Save_ThenLoad_ReturnsTheSameValues(DatabaseEngine engine)
    {
        await using var test = await TestDatabase.CreateAsync(engine);
        await RandomHistory.Create(3).InsertAsync(test.Database);
        var computed = FeatureEngine.ComputeAsOf(HistoryLoader.Load(test.Database), new DateOnly(2025, 3, 1));

        await FeatureSnapshotStore.SaveAsync(test.Database, computed, TimeProvider.System);
        var loaded = await FeatureSnapshotStore.LoadAsync(test.Database, new DateOnly(2025, 3, 1));

        Assert.NotNull(loaded);
        Assert.Equal(computed.MerchantIds, loaded.MerchantIds);
        for (var r = 0; r < computed.RowCount; r++)
        {
            Assert.Equal(computed.Row(r).ToArray(), loaded.Row(r).ToArray());
        }
    }

    [Theory, Engines]
    public async Task Save_SameDateTwice_ReplacesTheSnapshot(DatabaseEngine engine)
    {
        await using var test = await TestDatabase.CreateAsync(engine);
        await TinyHistory.Create().InsertAsync(test.Database);
        var features = FeatureEngine.ComputeAsOf(HistoryLoader.Load(test.Database), TinyHistory.AsOf);
        var fewer = new FeatureMatrix(TinyHistory.AsOf, [features.MerchantIds[0]], features.Row(0).ToArray());

        await FeatureSnapshotStore.SaveAsync(test.Database, features, TimeProvider.System);
        await FeatureSnapshotStore.SaveAsync(test.Database, fewer, TimeProvider.System);

        await using var connection = await test.Database.OpenAsync();
        Assert.Equal(1, await connection.ExecuteScalarAsync<long>("SELECT count(*) FROM feature_rows"));
        Assert.Equal(1, await connection.ExecuteScalarAsync<long>("SELECT merchant_count FROM feature_snapshots"));
        Assert.Equal([TinyHistory.AsOf], await FeatureSnapshotStore.DatesAsync(test.Database));
    }

    [Theory, Engines]
    public async Task Save_FailingHalfway_LeavesThePreviousSnapshot(DatabaseEngine engine)
    {
        await using var test = await TestDatabase.CreateAsync(engine);
        await TinyHistory.Create().InsertAsync(test.Database);
        var features = FeatureEngine.ComputeAsOf(HistoryLoader.Load(test.Database), TinyHistory.AsOf);
        await FeatureSnapshotStore.SaveAsync(test.Database, features, TimeProvider.System);
        // The same merchant twice violates the primary key on the second row, after the old rows were deleted.
        var broken = new FeatureMatrix(TinyHistory.AsOf, ["m1", "m1"], [.. features.Row(0), .. features.Row(0)]);

        await Assert.ThrowsAnyAsync<System.Data.Common.DbException>(() => FeatureSnapshotStore.SaveAsync(test.Database, broken, TimeProvider.System));

        var loaded = await FeatureSnapshotStore.LoadAsync(test.Database, TinyHistory.AsOf);
        Assert.Equal(["m1", "m2"], loaded!.MerchantIds);
    }

    [Theory, Engines]
    public async Task Load_UnknownDate_ReturnsNull(DatabaseEngine engine)
    {
        await using var test = await TestDatabase.CreateAsync(engine);

        Assert.Null(await FeatureSnapshotStore.LoadAsync(test.Database, new DateOnly(2025, 1, 1)));
    }
}
