namespace Microcredit.Scoring.Features.History;

/// <summary>
/// A run of order rows as the SQLite loader's reading thread decoded them, for the building thread
/// to add: ids as UTF-16 in one character buffer, timestamps with <see cref="None"/> for null.
/// </summary>
internal sealed class OrderBatch
{
    public const int Rows = 8_192;

    /// <summary>Null in a nullable column (timestamps and cents are never this low).</summary>
    public const long None = long.MinValue;

    // Room for two ids of the loader's id buffer per row.
    public char[] Chars { get; } = new char[Rows * 64];

    public int[] MerchantEnd { get; } = new int[Rows];

    public int[] BuyerEnd { get; } = new int[Rows];

    /// <summary>Per row: amount, created, shipped, settled, refunded, refund amount, disputed.</summary>
    public long[] Values { get; } = new long[Rows * 7];

    public int Count { get; set; }

    public int CharCount { get; set; }

    public void AddTo(HistoryBuilder builder)
    {
        var chars = Chars.AsSpan();
        var start = 0;
        for (var i = 0; i < Count; i++)
        {
            var merchant = chars[start..MerchantEnd[i]];
            var buyer = chars[MerchantEnd[i]..BuyerEnd[i]];
            start = BuyerEnd[i];
            var v = Values.AsSpan(i * 7, 7);
            builder.AddOrder(merchant, buyer, v[0], v[1], Value(v[2]), Value(v[3]), Value(v[4]), Value(v[5]), Value(v[6]));
        }
    }

    private static long? Value(long v) => v == None ? null : v;
}
