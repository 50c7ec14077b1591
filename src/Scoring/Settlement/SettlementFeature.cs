namespace Microcredit.Scoring.Settlement;

/// <summary>One entry of the <see cref="SettlementCatalog"/>: an order feature evaluated at an instant t.</summary>
/// <param name="Id">Position in a settlement feature row.</param>
/// <param name="Name">Stable UPPER_SNAKE name: the data set column and the model's input name.</param>
/// <param name="Kind">Representation.</param>
/// <param name="Unit">Unit shown next to the value.</param>
/// <param name="Description">One sentence for loan officers.</param>
/// <param name="Definition">Exact computation at t.</param>
/// <param name="Missing">When the value is missing (NaN in a row, empty in CSV).</param>
public sealed record SettlementFeature(
    SettlementFeatureId Id,
    string Name,
    SettlementFeatureKind Kind,
    string Unit,
    string Description,
    string Definition,
    string Missing);
