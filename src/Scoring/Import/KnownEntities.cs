namespace Microcredit.Scoring.Import;

/// <summary>
/// The merchants and loans an import can reference: those already in the database plus those in
/// this import's files. Held in memory (they number in the hundreds of thousands, orders in the
/// tens of millions), so the per-row reference checks of orders, loans, installments and
/// repayments cost a hash lookup instead of a query.
/// </summary>
internal sealed class KnownEntities
{
    /// <summary>Merchant id to registered_at (Unix ms), or null when that field of the file row was bad.</summary>
    public Dictionary<string, long?> Merchants { get; } = new(StringComparer.Ordinal);

    public Dictionary<string, KnownLoan> Loans { get; } = new(StringComparer.Ordinal);

    /// <summary>
    /// Files whose rows could not all be read (a bad header, an unreadable record): references
    /// into them cannot be judged, so they are not reported, which would only repeat the one error.
    /// </summary>
    public HashSet<string> Unreadable { get; } = new(StringComparer.Ordinal);

    public bool IsMissingMerchant(string id) => !Merchants.ContainsKey(id) && !Unreadable.Contains("merchants");

    public bool IsMissingLoan(string id) => !Loans.ContainsKey(id) && !Unreadable.Contains("loans");

    /// <summary>
    /// Reports a row naming a loan the platform originated: imports never overwrite platform loans,
    /// their schedules, payments or pledges. True when it reported.
    /// </summary>
    public bool RejectPlatformLoan(string id, RowReport report)
    {
        if (!Loans.TryGetValue(id, out var loan) || !loan.Platform)
        {
            return false;
        }

        report.Error("loan_id", $"loan '{id}' was originated by the platform; an import may not change platform loans");
        return true;
    }
}

/// <summary>What the checks of dependent rows need to know about a loan; <paramref name="Platform"/> when the platform originated it.</summary>
internal sealed record KnownLoan(string? MerchantId, string? Product, long? DisbursedAt, bool Platform = false);
