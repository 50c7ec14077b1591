using Microcredit.Scoring.Models.Data;

namespace Microcredit.Scoring.Models.Scoring;

/// <summary>Turns table rows into the encoded rows a <see cref="ModelScorer"/> reads (row-major, one value per schema feature).</summary>
public static class RowEncoder
{
    /// <summary>
    /// Row-major values: rows × features. Numbers as they are (NaN missing); categories as their
    /// index in the schema's labels (−1 unknown, NaN missing).
    /// </summary>
    /// <exception cref="ModelDataException">A feature column is absent or of the wrong kind.</exception>
    public static double[] Encode(TabularData data, FeatureSchema schema)
    {
        var width = schema.Features.Count;
        var rows = new double[data.RowCount * width];
        for (var f = 0; f < width; f++)
        {
            var spec = schema.Features[f];
            var column = data.Find(spec.Name)
                ?? throw new ModelDataException($"{data.Source}: the model needs column '{spec.Name}', which the file lacks.");
            if (column.Kind != spec.Kind)
            {
                throw new ModelDataException($"{data.Source}: column '{spec.Name}' is {column.Kind.ToString().ToLowerInvariant()}; the model reads it as {spec.Kind.ToString().ToLowerInvariant()}.");
            }

            if (spec.Kind == ColumnKind.Numeric)
            {
                var values = column.NumberValues;
                for (var r = 0; r < values.Length; r++)
                {
                    rows[(r * width) + f] = values[r];
                }
            }
            else
            {
                var codes = new Dictionary<string, int>(StringComparer.Ordinal);
                for (var c = 0; c < spec.Categories!.Count; c++)
                {
                    codes[spec.Categories[c]] = c;
                }

                var labels = column.LabelValues;
                for (var r = 0; r < labels.Length; r++)
                {
                    rows[(r * width) + f] = labels[r] is { } label ? codes.GetValueOrDefault(label, -1) : double.NaN;
                }
            }
        }

        return rows;
    }
}
