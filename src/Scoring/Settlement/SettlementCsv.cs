using System.Globalization;
using Microcredit.Scoring.Features.Snapshots;

namespace Microcredit.Scoring.Settlement;

/// <summary>
/// The settlement data set as CSV (RFC 4180, comma, LF, UTF-8 without BOM): order_id,
/// merchant_id, shipped_at, evaluated_at (ISO 8601 UTC), the catalog features, not_settled.
/// Money with 2 decimals, counts as integers, reals round-trip exact, missing empty.
/// </summary>
public static class SettlementCsv
{
    public static void Write(TextWriter writer, SettlementTrainingSet set)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(set);
        writer.Write("order_id,merchant_id,shipped_at,evaluated_at");
        foreach (var f in SettlementCatalog.All)
        {
            writer.Write(',');
            writer.Write(f.Name);
        }

        writer.Write(',');
        writer.Write(SettlementTrainingSet.TargetColumn);
        writer.Write('\n');
        for (var r = 0; r < set.Examples.Count; r++)
        {
            var e = set.Examples[r];
            writer.Write(FeatureCsv.Quote(e.OrderId));
            writer.Write(',');
            writer.Write(FeatureCsv.Quote(e.MerchantId));
            writer.Write(',');
            writer.Write(FeatureCsv.Instant(e.ShippedAt));
            writer.Write(',');
            writer.Write(FeatureCsv.Instant(e.EvaluatedAt));
            var row = set.Features(r);
            foreach (var f in SettlementCatalog.All)
            {
                writer.Write(',');
                writer.Write(f.Kind == SettlementFeatureKind.Category ? FeatureCsv.Quote(set.Category(r)) : Format(f.Kind, row[(int)f.Id]));
            }

            writer.Write(e.NotSettled ? ",1\n" : ",0\n");
        }
    }

    /// <summary>The export text of a numeric value.</summary>
    public static string Format(SettlementFeatureKind kind, double value) => double.IsNaN(value)
        ? ""
        : kind switch
        {
            SettlementFeatureKind.Money => value.ToString("0.00", CultureInfo.InvariantCulture),
            SettlementFeatureKind.Count => checked((long)value).ToString(CultureInfo.InvariantCulture),
            _ => value.ToString("R", CultureInfo.InvariantCulture),
        };
}
