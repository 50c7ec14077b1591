using Microcredit.Scoring.Registry;
using Microcredit.Scoring.Storage;

namespace Microcredit.Underwriting.Dashboard.Models;

/// <summary>One kind of model (credit, settlement): its champion, its challengers (newest first) and its promotions (newest first).</summary>
public sealed record KindModels(string Kind, ListedModel? Champion, IReadOnlyList<ListedModel> Challengers, IReadOnlyList<ModelPromotion> Promotions);

/// <summary>What the models page shows: the registry by kind with each model's metrics, and the monitoring job's figures over time.</summary>
public sealed record ModelsReport(
    IReadOnlyList<KindModels> Kinds,
    IReadOnlyList<MonitoringPoint> Series,
    IReadOnlyList<MonitoringPoint> LatestPsi,
    IReadOnlyList<AlertRow> Alerts)
{
    /// <summary>How far back the PSI and matured AUC/KS charts reach, in days.</summary>
    public const int HistoryDays = 180;

    /// <summary>Challengers listed per kind (newest first); older ones stay in the registry and in <c>credit models list</c>.</summary>
    public const int ChallengerLimit = 20;

    /// <summary>Promotions listed per kind (newest first).</summary>
    public const int PromotionLimit = 20;

    public static async Task<ModelsReport> LoadAsync(Database database, DateOnly today, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(database);
        await using var connection = await database.OpenAsync(cancellationToken);
        var models = await ModelListing.ListAsync(connection, cancellationToken);
        var promotions = await ModelRegistry.PromotionsAsync(connection, cancellationToken);
        var series = await ModelQueries.SeriesAsync(connection, today.AddDays(-HistoryDays), cancellationToken);
        var latest = await ModelQueries.LatestPsiAsync(connection, cancellationToken);
        var alerts = await ModelQueries.LatestAlertsAsync(connection, cancellationToken);
        return new ModelsReport(
            [.. ModelRegistry.Kinds.Select(kind => new KindModels(
                kind,
                models.FirstOrDefault(m => m.Kind == kind && m.IsChampion),
                [.. models.Where(m => m.Kind == kind && !m.IsChampion).Take(ChallengerLimit)],
                [.. promotions.Where(p => p.Kind == kind).Take(PromotionLimit)]))],
            series,
            latest,
            alerts);
    }

    /// <summary>The monitored dates, oldest first.</summary>
    public IReadOnlyList<string> SeriesDates => [.. Series.Select(p => p.AsOf).Distinct().Order(StringComparer.Ordinal)];
}
