using System.Text;
using Microcredit.Scoring.Features.Engine;
using Microcredit.Scoring.Features.History;
using Microcredit.Scoring.Features.Snapshots;
using Microcredit.Scoring.Labels;
using Microcredit.Scoring.Storage;
using Microcredit.Tests;

namespace Microcredit.Scoring.Tests.Features;

/// <summary>The same history in SQLite and PostgreSQL gives byte-identical exports.</summary>
public class EngineParityTests
{
    private static readonly DateOnly AsOf = new(2025, 4, 1);

    [PostgresFact]
    public async Task SnapshotExport_IsByteIdentical_OnSqliteAndPostgres()
    {
        var rows = WithAwkwardIds(RandomHistory.Create(11, merchants: 20));

        var sqlite = await ExportSnapshotAsync(DatabaseEngine.Sqlite, rows);
        var postgres = await ExportSnapshotAsync(DatabaseEngine.Postgres, rows);

        Assert.Equal(Csv(w => FeatureCsv.WriteSnapshot(w, FeatureEngine.ComputeAsOf(rows.ToHistory(), AsOf))), sqlite);
        Assert.Equal(sqlite, postgres);
    }

    [PostgresFact]
    public async Task TrainingSetExport_IsByteIdentical_OnSqliteAndPostgres()
    {
        var rows = WithAwkwardIds(RandomHistory.Create(12, merchants: 20));

        var sqlite = await ExportTrainingSetAsync(DatabaseEngine.Sqlite, rows);
        var postgres = await ExportTrainingSetAsync(DatabaseEngine.Postgres, rows);

        Assert.Equal(sqlite, postgres);
        Assert.True(sqlite.Split('\n').Length > 3, "the training set should hold loans");
    }

    private static async Task<string> ExportSnapshotAsync(DatabaseEngine engine, HistoryRows rows)
    {
        await using var test = await TestDatabase.CreateAsync(engine);
        await rows.InsertAsync(test.Database);
        var features = FeatureEngine.ComputeAsOf(HistoryLoader.Load(test.Database), AsOf);
        await FeatureSnapshotStore.SaveAsync(test.Database, features, TimeProvider.System);
        var stored = await FeatureSnapshotStore.LoadAsync(test.Database, AsOf);
        return Csv(w => FeatureCsv.WriteSnapshot(w, stored!));
    }

    private static async Task<string> ExportTrainingSetAsync(DatabaseEngine engine, HistoryRows rows)
    {
        await using var test = await TestDatabase.CreateAsync(engine);
        await rows.InsertAsync(test.Database);
        var history = HistoryLoader.Load(test.Database);
        var set = TrainingSet.Build(history, new DateOnly(2023, 1, 1), new DateOnly(2026, 1, 1), TrainingSet.EndOfData(history));
        return Csv(w => FeatureCsv.WriteTrainingSet(w, set));
    }

    /// <summary>Ids whose order differs between ordinal and linguistic collations, and that need CSV quoting; orders shuffled.</summary>
    private static HistoryRows WithAwkwardIds(HistoryRows rows)
    {
        string Rename(string id) => id switch
        {
            "m00" => "Zeta",
            "m01" => "alpha",
            "m02" => "\"quoted\", id",
            "m03" => "_under",
            _ => id,
        };

        var result = new HistoryRows();
        result.Merchants.AddRange(rows.Merchants.Select(m => m with { MerchantId = Rename(m.MerchantId) }));
        // Stored interleaved across merchants, so the loader's in-memory grouping is exercised too.
        var shuffle = new Random(99);
        result.Orders.AddRange(rows.Orders.Select(o => o with { MerchantId = Rename(o.MerchantId) }).OrderBy(_ => shuffle.Next()));
        result.Loans.AddRange(rows.Loans.Select(l => l with { MerchantId = Rename(l.MerchantId) }));
        result.Installments.AddRange(rows.Installments);
        result.Repayments.AddRange(rows.Repayments);
        return result;
    }

    private static string Csv(Action<TextWriter> write)
    {
        var text = new StringBuilder();
        using (var writer = new StringWriter(text))
        {
            write(writer);
        }

        return text.ToString();
    }
}
