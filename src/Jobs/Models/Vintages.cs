using Microcredit.Scoring.Models.Metrics;

namespace Microcredit.Jobs.Models;

/// <summary>
/// One disbursement month of a backtest (or the total): loans, defaults, default rate, mean pd,
/// and AUC and KS by score — null when the group lacks defaults or goods, as they are undefined then.
/// </summary>
internal sealed record VintageRow(string Vintage, int Loans, int Defaults, double DefaultRate, double MeanPd, double? Auc, double? Ks);

/// <summary>Groups scored loans by vintage (the UTC month of disbursement, YYYY-MM) and computes each group's figures.</summary>
internal static class Vintages
{
    public const string Total = "total";

    /// <summary>One row per vintage in month order, then the total over all loans.</summary>
    public static IReadOnlyList<VintageRow> Compute(IReadOnlyList<string> vintages, double[] scores, double[] pds, int[] labels)
    {
        var rows = vintages
            .Select((vintage, i) => (vintage, i))
            .GroupBy(x => x.vintage, StringComparer.Ordinal)
            .OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => Row(g.Key, [.. g.Select(x => x.i)], scores, pds, labels))
            .ToList();
        rows.Add(Row(Total, [.. Enumerable.Range(0, scores.Length)], scores, pds, labels));
        return rows;
    }

    private static VintageRow Row(string vintage, int[] rows, double[] scores, double[] pds, int[] labels)
    {
        var risk = rows.Select(r => -scores[r]).ToArray();
        var outcome = rows.Select(r => labels[r]).ToArray();
        var defaults = outcome.Sum();
        var ranked = defaults > 0 && defaults < rows.Length;
        return new VintageRow(
            vintage,
            rows.Length,
            defaults,
            rows.Length == 0 ? 0 : (double)defaults / rows.Length,
            rows.Length == 0 ? 0 : rows.Average(r => pds[r]),
            ranked ? Auc.Compute(risk, outcome) : null,
            ranked ? KolmogorovSmirnov.Compute(risk, outcome) : null);
    }
}
