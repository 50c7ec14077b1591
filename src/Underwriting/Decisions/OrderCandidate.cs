namespace Microcredit.Underwriting.Decisions;

/// <summary>
/// An order as the decision saw it, stored with the decision for replay: its events (Unix ms,
/// null when not happened), whether it was already pledged, and its settlement features (catalog
/// order, null for missing) when it was pending. <see cref="Problem"/> is set when the order is
/// unknown or another merchant's.
/// </summary>
public sealed record OrderCandidate(
    string OrderId,
    string? Problem,
    long? AmountCents,
    long? ShippedAt,
    long? SettledAt,
    long? RefundedAt,
    long? DisputedAt,
    bool Pledged,
    IReadOnlyList<double?>? Features);
