using System.Globalization;
using Microcredit.Scoring.Features.History;
using Microcredit.Scoring.Labels;
using Microcredit.Scoring.Storage;

namespace Microcredit.Scoring.Features.Snapshots;

/// <summary>
/// CSV exports (RFC 4180, comma, LF line ends, UTF-8 without BOM): feature snapshots and
/// training sets. Values formatted by <see cref="FeatureValues.Format"/>, so the same rows give
/// the same bytes whichever engine they came from.
/// </summary>
public static class FeatureCsv
{
    /// <summary>merchant_id, then one column per feature (catalog order).</summary>
    public static void WriteSnapshot(TextWriter writer, FeatureMatrix matrix)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(matrix);
        writer.Write("merchant_id");
        WriteHeader(writer);
        for (var r = 0; r < matrix.RowCount; r++)
        {
            writer.Write(Quote(matrix.MerchantIds[r]));
            WriteValues(writer, matrix.Row(r));
        }
    }

    /// <summary>loan_id, merchant_id, disbursed_at, product, the features, default.</summary>
    public static void WriteTrainingSet(TextWriter writer, TrainingSet set)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(set);
        writer.Write("loan_id,merchant_id,disbursed_at,product");
        foreach (var f in FeatureCatalog.All)
        {
            writer.Write(',');
            writer.Write(f.Name);
        }

        writer.Write(",default\n");
        for (var r = 0; r < set.Examples.Count; r++)
        {
            var e = set.Examples[r];
            writer.Write(Quote(e.LoanId));
            writer.Write(',');
            writer.Write(Quote(e.MerchantId));
            writer.Write(',');
            writer.Write(Instant(e.DisbursedAt));
            writer.Write(',');
            writer.Write(LoanProducts.ToText(e.Product));
            var row = set.Features(r);
            for (var i = 0; i < row.Length; i++)
            {
                writer.Write(',');
                writer.Write(FeatureValues.Format(FeatureCatalog.All[i].Kind, row[i]));
            }

            writer.Write(e.Default ? ",1\n" : ",0\n");
        }
    }

    private static void WriteHeader(TextWriter writer)
    {
        foreach (var f in FeatureCatalog.All)
        {
            writer.Write(',');
            writer.Write(f.Name);
        }

        writer.Write('\n');
    }

    private static void WriteValues(TextWriter writer, ReadOnlySpan<double> row)
    {
        for (var i = 0; i < row.Length; i++)
        {
            writer.Write(',');
            writer.Write(FeatureValues.Format(FeatureCatalog.All[i].Kind, row[i]));
        }

        writer.Write('\n');
    }

    /// <summary>An instant (Unix ms) as ISO 8601 UTC with milliseconds.</summary>
    internal static string Instant(long unixMilliseconds) =>
        DbTime.FromDb(unixMilliseconds).ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    /// <summary>RFC 4180: quote a field holding a comma, quote or line break; double inner quotes.</summary>
    internal static string Quote(string field) =>
        field.AsSpan().IndexOfAny(",\"\r\n") < 0 ? field : $"\"{field.Replace("\"", "\"\"", StringComparison.Ordinal)}\"";
}
