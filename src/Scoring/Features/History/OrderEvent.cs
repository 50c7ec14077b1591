namespace Microcredit.Scoring.Features.History;

/// <summary>
/// One order, compactly: instants in Unix milliseconds (<see cref="Days.Never"/> when absent),
/// money in cents, and the buyer as a dense index local to the merchant (0…buyers−1), so the
/// engine can aggregate per buyer in flat arrays. 64 bytes; 20M orders fit in 1.3 GB.
/// </summary>
public readonly record struct OrderEvent(
    long CreatedAt,
    long ShippedAt,
    long SettledAt,
    long RefundedAt,
    long DisputedAt,
    long AmountCents,
    long RefundCents,
    int Buyer);
