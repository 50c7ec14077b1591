using Microcredit.Scoring.Models.Data;
using Microcredit.Scoring.Models.Metrics;
using Microcredit.Scoring.Models.Scoring;

namespace Microcredit.Jobs.Monitoring;

/// <summary>How a model ranks a set of loans with known outcomes; AUC and KS are null when the set lacks defaults or non-defaults.</summary>
public sealed record Evaluation(int Loans, int Defaults, double? Auc, double? Ks)
{
    /// <summary>Scores <paramref name="data"/> (a <see cref="MaturedLoans"/> table) with <paramref name="scorer"/>; risk is the negated score.</summary>
    public static Evaluation Of(ModelScorer scorer, TabularData data)
    {
        ArgumentNullException.ThrowIfNull(scorer);
        ArgumentNullException.ThrowIfNull(data);
        // Read directly: TargetReader refuses a constant target, which a small window may have.
        var labels = data["default"].NumberValues.Select(v => v == 1 ? 1 : 0).ToArray();
        var defaults = labels.Sum();
        if (defaults == 0 || defaults == labels.Length)
        {
            return new Evaluation(labels.Length, defaults, null, null);
        }

        var width = scorer.Schema.Features.Count;
        var rows = RowEncoder.Encode(data, scorer.Schema);
        var risk = new double[data.RowCount];
        for (var r = 0; r < risk.Length; r++)
        {
            risk[r] = -scorer.Score(rows.AsSpan(r * width, width));
        }

        return new Evaluation(labels.Length, defaults, Scoring.Models.Metrics.Auc.Compute(risk, labels), KolmogorovSmirnov.Compute(risk, labels));
    }
}
