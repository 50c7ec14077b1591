using Microcredit.Scoring.Models.Data;

namespace Microcredit.Scoring.Models.Training;

/// <summary>Reads the 0/1 target column, with errors that name the file, line and column.</summary>
public static class TargetReader
{
    public static int[] Read(TabularData data, string target)
    {
        var column = data.Find(target)
            ?? throw new ModelDataException($"{data.Source}: no target column '{target}' (columns: {string.Join(", ", data.Columns.Select(c => c.Name))}).");
        var labels = new int[data.RowCount];
        for (var i = 0; i < labels.Length; i++)
        {
            if (column.IsMissing(i))
            {
                throw new ModelDataException($"{data.Source}: line {data.Lines[i]}, column '{target}': the target is missing.");
            }

            var text = column.Kind == ColumnKind.Numeric ? null : column.LabelValues[i];
            var value = column.Kind == ColumnKind.Numeric ? column.NumberValues[i] : double.NaN;
            labels[i] = value == 1 || text is "1" or "true" ? 1
                : value == 0 || text is "0" or "false" ? 0
                : throw new ModelDataException($"{data.Source}: line {data.Lines[i]}, column '{target}': '{text ?? value.ToString("R", System.Globalization.CultureInfo.InvariantCulture)}' is not a target value (0 or 1).");
        }

        var events = labels.Sum();
        if (events == 0 || events == labels.Length)
        {
            throw new ModelDataException($"{data.Source}: the target '{target}' is constant ({(events == 0 ? 0 : 1)} on all {labels.Length} rows); a model needs both outcomes.");
        }

        return labels;
    }
}
