using Microcredit.Jobs.Scheduling;
using Microcredit.Scoring.Features.Engine;
using Microcredit.Scoring.Features.History;
using Microcredit.Scoring.Features.Snapshots;

namespace Microcredit.Jobs.Features;

/// <summary>
/// The <c>features</c> job: every merchant's features as of the run's date (events before its
/// 00:00 UTC), stored as that date's snapshot. The store replaces a snapshot of the same date in
/// one transaction, so a rerun writes the same rows and readers never see half of one.
/// </summary>
public static class FeaturesJob
{
    public static async Task<JobOutcome> RunAsync(JobContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var history = HistoryLoader.Load(context.Database, cancellationToken);
        var matrix = FeatureEngine.ComputeAsOf(history, context.AsOf);
        await FeatureSnapshotStore.SaveAsync(context.Database, matrix, context.Time, cancellationToken);
        return new JobOutcome(matrix.RowCount, $"snapshot as of {context.AsOf:yyyy-MM-dd}: {matrix.RowCount} merchants from {history.OrderCount} orders");
    }
}
