using Microcredit.Scoring.Models.Calibration;
using Microcredit.Scoring.Models.Data;
using Microcredit.Scoring.Models.Scorecard;
using Microcredit.Scoring.Models.Scoring;

namespace Microcredit.Scoring.Models.Trees;

/// <summary>
/// Boosted trees on a table: every candidate is a feature; a categorical one is encoded by its
/// labels ordered by training event rate (ties by name), so that a threshold on the code groups
/// labels of like risk — the ordering Fisher (1958) showed optimal for a binary target.
/// </summary>
public static class GbdtFit
{
    public static (TreeEnsemble Trees, TreeScorer Scorer) Train(TabularData data, int[] labels, IReadOnlyList<string> candidates, GbdtOptions options, int seed, PointsScale scale, CalibrationMap calibration)
    {
        var schema = SchemaOf(data, labels, candidates);
        var monotone = new int[schema.Features.Count];
        foreach (var (name, direction) in options.Monotone)
        {
            var index = schema.IndexOf(name);
            if (index < 0 || schema.Features[index].Kind != ColumnKind.Numeric)
            {
                throw new ModelDataException($"{data.Source}: monotone constraint on '{name}', which is not a numeric candidate feature.");
            }

            monotone[index] = Math.Sign(direction);
        }

        var rows = RowEncoder.Encode(data, schema);
        var trees = GbdtTrainer.Train(rows, schema.Features.Count, labels, options, seed, monotone);
        return (trees, new TreeScorer(trees, schema, scale, calibration));
    }

    public static FeatureSchema SchemaOf(TabularData data, int[] labels, IReadOnlyList<string> candidates) => FeatureSchema.Create(
        [.. candidates.Select(name =>
        {
            var column = data[name];
            if (column.Kind == ColumnKind.Numeric)
            {
                return new FeatureSpec(name, ColumnKind.Numeric);
            }

            var stats = new Dictionary<string, (int Count, int Events)>(StringComparer.Ordinal);
            var values = column.LabelValues;
            for (var r = 0; r < values.Length; r++)
            {
                if (values[r] is { } label)
                {
                    var (count, events) = stats.GetValueOrDefault(label);
                    stats[label] = (count + 1, events + labels[r]);
                }
            }

            var ordered = stats.OrderBy(kv => (double)kv.Value.Events / kv.Value.Count).ThenBy(kv => kv.Key, StringComparer.Ordinal).Select(kv => kv.Key).ToList();
            return new FeatureSpec(name, ColumnKind.Categorical, ordered);
        })]);
}
