using Microcredit.Scoring.Features;
using Microcredit.Scoring.Models.Artifacts;
using Microcredit.Scoring.Models.Data;
using Microcredit.Scoring.Models.Scoring;

namespace Microcredit.Underwriting.Policy;

/// <summary>
/// Scores merchants with a merchant model (trained on <c>credit dataset build</c> output): maps
/// the model's schema onto a snapshot's feature row by name, with money in currency units as
/// the training set had it. The one input the catalog lacks, the loan <c>product</c> the training
/// set carries, is fixed to the product being decided (credit for credit lines and offers) and is
/// never given as a reason: it says nothing about the merchant. Any other unknown input makes the
/// model unusable here and is refused when the scorer is built. Thread-safe.
/// </summary>
public sealed class MerchantScorer
{
    /// <summary>The training set's product column.</summary>
    public const string ProductFeature = "product";

    public const string CreditProduct = "credit";

    private readonly ModelScorer scorer;

    // Per schema position: the catalog feature it reads, or null for the fixed product input.
    private readonly FeatureId?[] sources;
    private readonly double[] fixedValues;

    public MerchantScorer(ModelArtifact artifact, string modelId, string product = CreditProduct)
        : this((artifact ?? throw new ArgumentNullException(nameof(artifact))).CreateScorer(), modelId, product)
    {
    }

    /// <summary>Over a scorer already compiled (the registry keeps one per model).</summary>
    /// <exception cref="ArgumentException">The model reads an input a merchant decision cannot supply.</exception>
    public MerchantScorer(ModelScorer scorer, string modelId, string product = CreditProduct)
    {
        ArgumentNullException.ThrowIfNull(scorer);
        ArgumentException.ThrowIfNullOrWhiteSpace(modelId);
        ModelId = modelId;
        this.scorer = scorer;
        var features = scorer.Schema.Features;
        sources = new FeatureId?[features.Count];
        fixedValues = new double[features.Count];
        for (var i = 0; i < features.Count; i++)
        {
            var spec = features[i];
            if (spec.Name == ProductFeature)
            {
                var code = spec.Kind == ColumnKind.Categorical ? Array.IndexOf([.. spec.Categories!], product) : -1;
                if (code < 0)
                {
                    throw new ArgumentException($"Model {modelId} reads '{ProductFeature}' without the label '{product}'; it cannot score {product} decisions.", nameof(scorer));
                }

                fixedValues[i] = code;
                continue;
            }

            var definition = FeatureCatalog.Find(spec.Name)
                ?? throw new ArgumentException($"Model {modelId} reads '{spec.Name}', which is neither a catalog feature nor '{ProductFeature}'; a merchant decision cannot supply it.", nameof(scorer));
            if (spec.Kind != ColumnKind.Numeric)
            {
                throw new ArgumentException($"Model {modelId} reads catalog feature '{spec.Name}' as {spec.Kind.ToString().ToLowerInvariant()}; the catalog holds numbers.", nameof(scorer));
            }

            sources[i] = definition.Id;
        }
    }

    public string ModelId { get; }

    public ModelResult Score(FeatureRow row)
    {
        ArgumentNullException.ThrowIfNull(row);
        var encoded = new double[sources.Length];
        Encode(row, encoded);
        var score = scorer.Score(encoded);
        return new ModelResult(ModelId, score, scorer.Pd(score), Reasons(encoded));
    }

    /// <summary>Scores many rows at once through <see cref="ModelScorer.ScoreBatch"/>; same results as <see cref="Score"/> row by row.</summary>
    public IReadOnlyList<ModelResult> ScoreBatch(IReadOnlyList<FeatureRow> rows, int threads = 0)
    {
        ArgumentNullException.ThrowIfNull(rows);
        var width = sources.Length;
        var encoded = new double[rows.Count * width];
        for (var r = 0; r < rows.Count; r++)
        {
            Encode(rows[r], encoded.AsSpan(r * width, width));
        }

        var scores = new double[rows.Count];
        var pds = new double[rows.Count];
        scorer.ScoreBatch(encoded, scores, pds, threads);
        var results = new ModelResult[rows.Count];
        for (var r = 0; r < rows.Count; r++)
        {
            results[r] = new ModelResult(ModelId, scores[r], pds[r], Reasons(encoded.AsSpan(r * width, width)));
        }

        return results;
    }

    private void Encode(FeatureRow row, Span<double> into)
    {
        for (var i = 0; i < sources.Length; i++)
        {
            into[i] = sources[i] is { } feature ? row.ModelValue(feature) : fixedValues[i];
        }
    }

    private List<DecisionReason> Reasons(ReadOnlySpan<double> encoded)
    {
        Span<Reason> buffer = stackalloc Reason[ModelScorer.MaxReasons];
        var count = scorer.Explain(encoded, buffer);
        var reasons = new List<DecisionReason>(count);
        foreach (var reason in buffer[..count])
        {
            if (sources[reason.Feature] is { } feature)
            {
                var definition = FeatureCatalog.Get(feature);
                reasons.Add(new DecisionReason(definition.Name.ToUpperInvariant(), definition.Description, Math.Round(reason.Points, 2)));
            }
        }

        return reasons;
    }
}
