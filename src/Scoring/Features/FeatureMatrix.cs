using Microcredit.Scoring.Money;

namespace Microcredit.Scoring.Features;

/// <summary>
/// Feature rows for one as-of date: one row per merchant (ordinal id order), one value per
/// catalog feature. Values are doubles for the model: NaN is missing; money features hold whole
/// cents (exact below 2^53 cents) and read back exactly through <see cref="MoneyAt"/>.
/// </summary>
public sealed class FeatureMatrix
{
    private readonly double[] values;

    /// <param name="asOf">The as-of date of every row.</param>
    /// <param name="merchantIds">Row keys.</param>
    /// <param name="values">Row-major, <see cref="FeatureCatalog.Count"/> per row.</param>
    public FeatureMatrix(DateOnly asOf, IReadOnlyList<string> merchantIds, double[] values)
    {
        ArgumentNullException.ThrowIfNull(merchantIds);
        ArgumentNullException.ThrowIfNull(values);
        ArgumentOutOfRangeException.ThrowIfNotEqual(values.Length, merchantIds.Count * FeatureCatalog.Count, nameof(values));
        AsOf = asOf;
        MerchantIds = merchantIds;
        this.values = values;
    }

    public DateOnly AsOf { get; }

    public IReadOnlyList<string> MerchantIds { get; }

    public int RowCount => MerchantIds.Count;

    /// <summary>The values of a row, in catalog order.</summary>
    public ReadOnlySpan<double> Row(int row) => values.AsSpan(row * FeatureCatalog.Count, FeatureCatalog.Count);

    /// <summary>One value; NaN when missing.</summary>
    public double this[int row, FeatureId feature] => values[(row * FeatureCatalog.Count) + (int)feature];

    /// <summary>The row of a merchant, or -1.</summary>
    public int IndexOf(string merchantId)
    {
        for (var i = 0; i < MerchantIds.Count; i++)
        {
            if (string.Equals(MerchantIds[i], merchantId, StringComparison.Ordinal))
            {
                return i;
            }
        }

        return -1;
    }

    /// <summary>A money feature, exact; null when missing.</summary>
    public Money.Money? MoneyAt(int row, FeatureId feature) => FeatureValues.ToMoney(this[row, feature]);
}
