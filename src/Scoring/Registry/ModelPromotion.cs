namespace Microcredit.Scoring.Registry;

/// <summary>One line of the promotion history: <see cref="ModelId"/> became champion of <see cref="Kind"/> at <see cref="PromotedAt"/> (Unix ms).</summary>
public sealed record ModelPromotion(string Kind, string ModelId, long PromotedAt, string PromotedBy);
