using Microcredit.Scoring.Features;
using Microcredit.Scoring.Money;

namespace Microcredit.Underwriting.Policy;

/// <summary>
/// One merchant's feature values from a snapshot, in catalog order, as <see cref="FeatureMatrix"/>
/// holds them: NaN missing, money in whole cents.
/// </summary>
public sealed class FeatureRow
{
    private readonly double[] values;

    public FeatureRow(ReadOnlySpan<double> values)
    {
        ArgumentOutOfRangeException.ThrowIfNotEqual(values.Length, FeatureCatalog.Count, nameof(values));
        this.values = values.ToArray();
    }

    /// <summary>Row <paramref name="row"/> of a snapshot.</summary>
    public static FeatureRow FromMatrix(FeatureMatrix matrix, int row)
    {
        ArgumentNullException.ThrowIfNull(matrix);
        return new FeatureRow(matrix.Row(row));
    }

    public ReadOnlySpan<double> Values => values;

    /// <summary>A value as stored: NaN missing, money in cents.</summary>
    public double this[FeatureId feature] => values[(int)feature];

    /// <summary>A money feature; null when missing.</summary>
    public Money? MoneyAt(FeatureId feature) => FeatureValues.ToMoney(this[feature]);

    /// <summary>
    /// A value as a model reads it: the units of a training set (<c>credit dataset build</c>),
    /// where money is in currency units, not cents.
    /// </summary>
    public double ModelValue(FeatureId feature)
    {
        var value = this[feature];
        return FeatureCatalog.Get(feature).Kind == FeatureKind.Money ? value / 100 : value;
    }
}
