using Microcredit.Scoring.Models.Data;

namespace Microcredit.Scoring.Models.Training;

/// <summary>
/// Which columns are candidate features: all but the target, fold and time columns, the ignored
/// ones, and identifier-like ones (named <c>id</c> or <c>*_id</c>, or text unique on every row),
/// which are excluded with a warning since a model would only memorize them.
/// </summary>
public static class ColumnRoles
{
    public static Dictionary<string, string> Assign(TabularData data, TrainingOptions options, List<string> warnings)
    {
        var roles = new Dictionary<string, string>(StringComparer.Ordinal) { [options.Target] = "target" };
        void Mark(string? name, string role, string option)
        {
            if (name is null)
            {
                return;
            }

            if (data.Find(name) is null)
            {
                throw new ModelDataException($"{data.Source}: no column '{name}' (given by {option}).");
            }

            roles[name] = role;
        }

        Mark(options.FoldColumn, "fold", "--fold-column");
        Mark(options.TimeColumn, "time", "--time-column");
        foreach (var name in options.Ignore)
        {
            Mark(name, "ignored", "--ignore");
        }

        foreach (var column in data.Columns)
        {
            if (roles.ContainsKey(column.Name))
            {
                continue;
            }

            if (IsIdentifier(column, out var why))
            {
                roles[column.Name] = "identifier";
                warnings.Add($"Column '{column.Name}' looks like an identifier ({why}); excluded.");
            }
            else
            {
                roles[column.Name] = "feature";
            }
        }

        return roles;
    }

    public static bool IsIdentifier(TabularColumn column, out string why)
    {
        if (column.Name.Equals("id", StringComparison.OrdinalIgnoreCase) || column.Name.EndsWith("_id", StringComparison.OrdinalIgnoreCase))
        {
            why = "named like an id";
            return true;
        }

        if (column.Kind == ColumnKind.Categorical && column.Count >= 10)
        {
            var labels = column.LabelValues;
            var distinct = new HashSet<string>(StringComparer.Ordinal);
            foreach (var label in labels)
            {
                if (label is null || !distinct.Add(label))
                {
                    why = "";
                    return false;
                }
            }

            why = "text unique on every row";
            return true;
        }

        why = "";
        return false;
    }
}
