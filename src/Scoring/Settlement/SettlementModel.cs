using System.Collections.Frozen;
using Microcredit.Scoring.Models.Artifacts;
using Microcredit.Scoring.Models.Data;
using Microcredit.Scoring.Models.Scoring;
using Microcredit.Scoring.Storage;

namespace Microcredit.Scoring.Settlement;

/// <summary>
/// The settlement model: a <see cref="ModelArtifact"/> trained on target <c>not_settled</c> over
/// the <see cref="SettlementCatalog"/> features, and the probability that a pending order settles
/// (1 − its calibrated pd). Thread-safe; a call allocates nothing and costs a few binary searches
/// in the merchant's indexes plus one model evaluation.
/// </summary>
public sealed class SettlementModel
{
    private const int MaxStackWidth = 128;

    private readonly ModelScorer scorer;
    private readonly int[] sources;
    private readonly FrozenDictionary<string, int> categoryCodes;

    /// <exception cref="ArgumentException">The artifact is not a settlement model: another target, or an input that is not an order feature of the matching kind.</exception>
    public SettlementModel(ModelArtifact artifact)
    {
        ArgumentNullException.ThrowIfNull(artifact);
        if (artifact.Target != SettlementTrainingSet.TargetColumn)
        {
            throw new ArgumentException($"Not a settlement model: its target is '{artifact.Target}', not '{SettlementTrainingSet.TargetColumn}'.", nameof(artifact));
        }

        Artifact = artifact;
        scorer = artifact.CreateScorer();
        var features = artifact.Schema.Features;
        sources = new int[features.Count];
        categoryCodes = FrozenDictionary<string, int>.Empty;
        for (var i = 0; i < features.Count; i++)
        {
            var spec = features[i];
            var feature = SettlementCatalog.Find(spec.Name)
                ?? throw new ArgumentException($"The model reads '{spec.Name}', which is not an order feature.", nameof(artifact));
            var categorical = feature.Kind == SettlementFeatureKind.Category;
            if (categorical != (spec.Kind == ColumnKind.Categorical))
            {
                throw new ArgumentException($"The model reads '{spec.Name}' as {spec.Kind.ToString().ToLowerInvariant()}; it is a {feature.Kind.ToString().ToLowerInvariant()} feature.", nameof(artifact));
            }

            sources[i] = (int)feature.Id;
            if (categorical)
            {
                categoryCodes = (spec.Categories ?? []).Select((label, code) => (label, code)).ToFrozenDictionary(p => p.label, p => p.code, StringComparer.Ordinal);
            }
        }
    }

    /// <summary>The artifact this model scores with.</summary>
    public ModelArtifact Artifact { get; }

    /// <summary>Loads a settlement model from an artifact file.</summary>
    /// <exception cref="ModelDataException">Not a readable artifact.</exception>
    /// <exception cref="ArgumentException">Not a settlement model.</exception>
    public static SettlementModel Load(string path) => new(ArtifactJson.Load(path));

    /// <summary>
    /// The probability that pending order <paramref name="orderIndex"/> of <paramref name="orders"/>
    /// settles rather than being refunded or disputed, from the merchant's events before
    /// <paramref name="at"/>.
    /// </summary>
    /// <exception cref="ArgumentException">The order is not pending at <paramref name="at"/> (see <see cref="OrderRecord.IsPendingAt"/>).</exception>
    public double ProbabilityOfSettling(MerchantOrders orders, int orderIndex, DateTimeOffset at)
    {
        ArgumentNullException.ThrowIfNull(orders);
        ArgumentOutOfRangeException.ThrowIfNegative(orderIndex);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(orderIndex, orders.Count);
        Span<double> features = stackalloc double[SettlementCatalog.Count];
        orders.ComputeFeatures(orderIndex, DbTime.ToDb(at), features);
        return ProbabilityOfSettling(features, orders.Merchant.Category);
    }

    /// <summary>
    /// The probability from an order's feature values (<see cref="SettlementCatalog"/> order, as
    /// <see cref="MerchantOrders.ComputeFeatures"/> writes them) and its merchant's category: what
    /// replay uses, from the values stored with a decision.
    /// </summary>
    public double ProbabilityOfSettling(ReadOnlySpan<double> features, string category)
    {
        ArgumentOutOfRangeException.ThrowIfNotEqual(features.Length, SettlementCatalog.Count, nameof(features));
        var width = sources.Length;
        var row = width <= MaxStackWidth ? stackalloc double[width] : new double[width];
        for (var i = 0; i < width; i++)
        {
            row[i] = sources[i] == (int)SettlementFeatureId.Category
                ? categoryCodes.GetValueOrDefault(category, -1)
                : features[sources[i]];
        }

        return 1 - scorer.Pd(scorer.Score(row));
    }

    /// <inheritdoc cref="ProbabilityOfSettling(MerchantOrders, int, DateTimeOffset)"/>
    /// <exception cref="ArgumentException">The merchant has no order <paramref name="orderId"/>, or it is not pending.</exception>
    public double ProbabilityOfSettling(MerchantOrders orders, string orderId, DateTimeOffset at)
    {
        ArgumentNullException.ThrowIfNull(orders);
        var index = orders.IndexOf(orderId);
        return index >= 0
            ? ProbabilityOfSettling(orders, index, at)
            : throw new ArgumentException($"Merchant {orders.Merchant.MerchantId} has no order {orderId}.", nameof(orderId));
    }
}
