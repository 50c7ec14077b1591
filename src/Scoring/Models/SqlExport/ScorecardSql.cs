using System.Globalization;
using System.Text;
using Microcredit.Scoring.Models.Artifacts;
using Microcredit.Scoring.Models.Binning;
using Microcredit.Scoring.Models.Data;

namespace Microcredit.Scoring.Models.SqlExport;

/// <summary>
/// A scorecard as one SQL expression over the feature columns, equal to the engine's score: base
/// points plus one CASE per feature, testing missing (NULL), then special values, then range upper
/// bounds in ascending order (the same order as the engine). Categorical columns are compared as
/// text. Bounds are written in the shortest round-trip form, so the database compares the very
/// same doubles.
/// </summary>
public static class ScorecardSql
{
    public static string Export(ModelArtifact artifact, SqlDialect dialect)
    {
        var model = artifact.Scorecard ?? throw new ModelDataException($"SQL export needs a scorecard; this model is a {artifact.Family}.");
        var sql = new StringBuilder();
        sql.Append('(').Append(model.BasePoints.ToString(CultureInfo.InvariantCulture));
        foreach (var feature in model.Features)
        {
            var column = Identifier(feature.Feature);
            var bins = feature.Binning.Bins;
            sql.Append("\n + CASE WHEN ").Append(column).Append(" IS NULL THEN ").Append(feature.Points[feature.Binning.MissingBin]);
            if (feature.Binning.Kind == ColumnKind.Numeric)
            {
                for (var k = 0; k < bins.Count; k++)
                {
                    if (bins[k].Kind == BinKind.Special)
                    {
                        sql.Append(" WHEN ").Append(column).Append(" = ").Append(Number(bins[k].Value!.Value)).Append(" THEN ").Append(feature.Points[k]);
                    }
                }

                var ranges = Enumerable.Range(0, bins.Count).Where(k => bins[k].Kind == BinKind.Range).ToList();
                foreach (var k in ranges.Take(ranges.Count - 1))
                {
                    sql.Append(" WHEN ").Append(column).Append(" < ").Append(Number(bins[k].Upper!.Value)).Append(" THEN ").Append(feature.Points[k]);
                }

                sql.Append(" ELSE ").Append(feature.Points[ranges[^1]]).Append(" END");
            }
            else
            {
                var text = dialect == SqlDialect.Postgres ? $"{column}::text" : $"CAST({column} AS TEXT)";
                for (var k = 0; k < bins.Count; k++)
                {
                    if (bins[k].Values is { Count: > 0 } values)
                    {
                        sql.Append(" WHEN ").Append(text).Append(" IN (").AppendJoin(", ", values.Select(Literal)).Append(") THEN ").Append(feature.Points[k]);
                    }
                }

                sql.Append(" ELSE ").Append(feature.Points[feature.Binning.UnseenBin]).Append(" END");
            }
        }

        return sql.Append(')').ToString();
    }

    /// <summary>A double-quoted identifier (both dialects), inner quotes doubled.</summary>
    public static string Identifier(string name) => "\"" + name.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";

    private static string Literal(string value) => "'" + value.Replace("'", "''", StringComparison.Ordinal) + "'";

    private static string Number(double value) => value.ToString("R", CultureInfo.InvariantCulture);
}
