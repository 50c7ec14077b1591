namespace Microcredit.Scoring.Features;

/// <summary>
/// One entry of the <see cref="FeatureCatalog"/>: what a feature is called, what it means to a loan
/// officer, and exactly how it is computed as of a date D.
/// </summary>
/// <param name="Id">Position of the feature in every feature row.</param>
/// <param name="Name">Stable UPPER_SNAKE name used in exports, models and monotonicity constraints.</param>
/// <param name="Kind">Representation: money, count or real.</param>
/// <param name="Unit">Unit shown next to the value (CNY, days, orders, ratio…).</param>
/// <param name="Description">One sentence for loan officers; also the text of a model's reason code.</param>
/// <param name="Definition">Exact computation: numerator, denominator, window.</param>
/// <param name="Attribution">Which timestamp puts an event into a window.</param>
/// <param name="Missing">When the value is missing (empty in exports, NULL in storage) or what it defaults to.</param>
public sealed record FeatureDefinition(
    FeatureId Id,
    string Name,
    FeatureKind Kind,
    string Unit,
    string Description,
    string Definition,
    string Attribution,
    string Missing)
{
    /// <summary>The snapshot table's column for this feature: the name in lower case.</summary>
    public string Column => Name.ToLowerInvariant();
}
