using System.Globalization;
using Microcredit.Scoring.Models.Data;

namespace Microcredit.Scoring.Models.Training;

/// <summary>
/// How a model is validated: on given folds; else out of time (the latest share of rows by a time
/// column, rows sharing the cut time all on the test side); else stratified k-fold with a seed.
/// </summary>
public static class ValidationPlan
{
    /// <summary><c>folds</c>, <c>out-of-time</c> or <c>stratified-cv</c>.</summary>
    public static string MethodOf(TrainingOptions options) =>
        options.FoldColumn is not null ? "folds" : options.TimeColumn is not null ? "out-of-time" : "stratified-cv";

    public static IReadOnlyList<ValidationSplit> Splits(TabularData data, int[] labels, TrainingOptions options)
    {
        if (options.FoldColumn is { } foldColumn)
        {
            return GivenFolds(data, data[foldColumn]);
        }

        if (options.TimeColumn is { } timeColumn)
        {
            return [OutOfTime(data, data[timeColumn], options.OutOfTimeShare)];
        }

        return Stratified(labels, options.Folds, options.Seed);
    }

    private static List<ValidationSplit> GivenFolds(TabularData data, TabularColumn column)
    {
        var keys = new string[data.RowCount];
        for (var i = 0; i < keys.Length; i++)
        {
            if (column.IsMissing(i))
            {
                throw new ModelDataException($"{data.Source}: line {data.Lines[i]}, column '{column.Name}': the fold is missing.");
            }

            keys[i] = column.Kind == ColumnKind.Numeric ? column.NumberValues[i].ToString("R", CultureInfo.InvariantCulture) : column.LabelValues[i]!;
        }

        var folds = column.Kind == ColumnKind.Numeric
            ? keys.Distinct().OrderBy(k => double.Parse(k, CultureInfo.InvariantCulture)).ToList()
            : keys.Distinct().Order(StringComparer.Ordinal).ToList();
        if (folds.Count < 2)
        {
            throw new ModelDataException($"{data.Source}: column '{column.Name}' holds one fold; validation needs at least two.");
        }

        return [.. folds.Select(f => new ValidationSplit(
            f,
            [.. Enumerable.Range(0, keys.Length).Where(i => keys[i] != f)],
            [.. Enumerable.Range(0, keys.Length).Where(i => keys[i] == f)]))];
    }

    private static ValidationSplit OutOfTime(TabularData data, TabularColumn column, double share)
    {
        var order = Enumerable.Range(0, data.RowCount).ToArray();
        for (var i = 0; i < order.Length; i++)
        {
            if (column.IsMissing(i))
            {
                throw new ModelDataException($"{data.Source}: line {data.Lines[i]}, column '{column.Name}': the time is missing.");
            }
        }

        Comparison<int> compare = column.Kind == ColumnKind.Numeric
            ? (x, y) => column.NumberValues[x].CompareTo(column.NumberValues[y])
            : (x, y) => string.CompareOrdinal(column.LabelValues[x], column.LabelValues[y]);
        var sorted = order.OrderBy(i => i, Comparer<int>.Create(compare)).ThenBy(i => i).ToArray();
        var cut = Math.Clamp((int)Math.Floor(sorted.Length * (1 - share)), 1, sorted.Length - 1);
        while (cut > 1 && compare(sorted[cut - 1], sorted[cut]) == 0)
        {
            cut--;
        }

        return new ValidationSplit("out-of-time", [.. sorted[..cut].Order()], [.. sorted[cut..].Order()]);
    }

    private static List<ValidationSplit> Stratified(int[] labels, int folds, int seed)
    {
        var fold = new int[labels.Length];
        var random = new Random(seed);
        foreach (var cls in new[] { 0, 1 })
        {
            var members = Enumerable.Range(0, labels.Length).Where(i => labels[i] == cls).ToArray();
            for (var i = members.Length - 1; i > 0; i--)
            {
                var j = random.Next(i + 1);
                (members[i], members[j]) = (members[j], members[i]);
            }

            for (var k = 0; k < members.Length; k++)
            {
                fold[members[k]] = k % folds;
            }
        }

        return [.. Enumerable.Range(0, folds).Select(f => new ValidationSplit(
            f.ToString(CultureInfo.InvariantCulture),
            [.. Enumerable.Range(0, labels.Length).Where(i => fold[i] != f)],
            [.. Enumerable.Range(0, labels.Length).Where(i => fold[i] == f)]))];
    }
}
