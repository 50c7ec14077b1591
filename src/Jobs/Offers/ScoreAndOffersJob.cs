using Microcredit.Jobs.Scheduling;
using Microcredit.Underwriting.Decisions;
using Microcredit.Underwriting.Offers;

namespace Microcredit.Jobs.Offers;

/// <summary>
/// The <c>score-and-offers</c> job: scores every merchant with the champion credit model on the
/// latest snapshot on or before the run's date and replaces all offers (credit line, daily rate,
/// order advance rate) and the per-order advance rates of pending orders under the configured policy (<c>Policy</c>, else the shipped one); in the
/// same transaction the <see cref="EarlyWarning"/> freezes and unfreezes lines. The refresh's
/// instant is the as-of date's 00:00 UTC, not the wall clock, so a rerun for the same date writes
/// the same rows (computed_at, valid_until and frozen_at included).
/// </summary>
public static class ScoreAndOffersJob
{
    public static async Task<JobOutcome> RunAsync(JobContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var options = ScoreAndOffersOptions.From(context.Configuration);
        var policy = new RunningPolicy(context.Configuration);
        var now = new DateTimeOffset(context.AsOf.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
        await using (var connection = await context.Database.OpenAsync(cancellationToken))
        {
            await PolicyStore.RegisterAsync(connection, policy.Policy, policy.Text, now, cancellationToken);
        }

        (int Frozen, int Unfrozen) changes = default;
        var orderRates = 0;
        var result = await OfferRefresh.RunAsync(
            context.Database,
            policy.Policy,
            now,
            async (connection, transaction, ct) =>
            {
                changes = await EarlyWarning.ApplyAsync(connection, transaction, context.AsOf, options, now, ct);
                orderRates = await OrderRates.ReplaceAllAsync(connection, transaction, policy.Policy, now, ct);
            },
            cancellationToken);
        return new JobOutcome(
            result.Offers + changes.Frozen + changes.Unfrozen + orderRates,
            $"{result.Offers} offers with {result.ModelId}, policy {policy.Policy.Version}, snapshot {result.SnapshotAsOf?.ToString("yyyy-MM-dd") ?? "none"}: " +
            $"{result.Approve} approve, {result.Review} review, {result.Decline} decline; early warning froze {changes.Frozen}, lifted {changes.Unfrozen}; " +
            $"{orderRates} pending orders priced");
    }
}
