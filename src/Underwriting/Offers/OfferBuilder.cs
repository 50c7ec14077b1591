using Microcredit.Underwriting.Policy;

namespace Microcredit.Underwriting.Offers;

/// <summary>Computes every merchant's offer: one batch scoring of the merchants with recent features, then the policy per merchant. Pure.</summary>
public static class OfferBuilder
{
    /// <summary>One offer per element of <paramref name="merchants"/>, in the same order.</summary>
    public static IReadOnlyList<Offer> Build(CreditPolicy policy, MerchantScorer scorer, IReadOnlyList<MerchantFacts> merchants, DateTimeOffset now, int threads = 0)
    {
        ArgumentNullException.ThrowIfNull(policy);
        ArgumentNullException.ThrowIfNull(scorer);
        ArgumentNullException.ThrowIfNull(merchants);
        var scoredAt = new List<int>();
        var rows = new List<FeatureRow>();
        for (var i = 0; i < merchants.Count; i++)
        {
            if (policy.HasRecentData(merchants[i], now))
            {
                scoredAt.Add(i);
                rows.Add(merchants[i].Features!);
            }
        }

        var results = new ModelResult?[merchants.Count];
        var scored = scorer.ScoreBatch(rows, threads);
        for (var k = 0; k < scoredAt.Count; k++)
        {
            results[scoredAt[k]] = scored[k];
        }

        var offers = new Offer[merchants.Count];
        for (var i = 0; i < merchants.Count; i++)
        {
            offers[i] = Offer.From(policy.Assess(merchants[i], results[i], now), scorer.ModelId);
        }

        return offers;
    }
}
