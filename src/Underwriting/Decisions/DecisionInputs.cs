using System.Text.Json;
using Microcredit.Scoring.Features;
using Microcredit.Scoring.Money;
using Microcredit.Underwriting.Policy;

namespace Microcredit.Underwriting.Decisions;

/// <summary>
/// Everything a decision was computed from, stored with it as JSON: the request, the merchant's
/// facts and feature values, the instant. Replay recomputes the decision from exactly this.
/// Feature values are in catalog order, null for missing (JSON has no NaN).
/// </summary>
public sealed record DecisionInputs(
    JsonElement Request,
    string MerchantId,
    bool KycVerified,
    DateTimeOffset RegisteredAt,
    bool Blocked,
    int MaxDaysPastDue,
    decimal OutstandingPrincipal,
    DateOnly? SnapshotAsOf,
    IReadOnlyList<double?>? Features,
    DateTimeOffset DecidedAt)
{
    /// <param name="request">What the product's replay reads back (<see cref="CreditInputs"/>, <see cref="OrderInputs"/>).</param>
    /// <param name="facts">The merchant's facts.</param>
    /// <param name="now">The decision's instant.</param>
    public static DecisionInputs From(object request, MerchantFacts facts, DateTimeOffset now) => new(
        JsonSerializer.SerializeToElement(request, request.GetType(), Api.ApiJson.Options),
        facts.MerchantId,
        facts.KycVerified,
        facts.RegisteredAt,
        facts.Blocked,
        facts.MaxDaysPastDue,
        facts.OutstandingPrincipal.Amount,
        facts.SnapshotAsOf,
        facts.Features is { } row ? [.. row.Values.ToArray().Select(v => double.IsNaN(v) ? (double?)null : v)] : null,
        now);

    public MerchantFacts ToFacts()
    {
        FeatureRow? row = null;
        if (Features is { } values)
        {
            if (values.Count != FeatureCatalog.Count)
            {
                throw new InvalidOperationException($"Stored inputs hold {values.Count} features; this build's catalog has {FeatureCatalog.Count}.");
            }

            row = new FeatureRow([.. values.Select(v => v ?? double.NaN)]);
        }

        return new MerchantFacts(MerchantId, KycVerified, RegisteredAt, Blocked, MaxDaysPastDue, new Money(OutstandingPrincipal), SnapshotAsOf, row);
    }
}
