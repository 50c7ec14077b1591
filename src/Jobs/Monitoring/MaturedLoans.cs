using System.Text;
using Microcredit.Scoring.Features;
using Microcredit.Scoring.Features.History;
using Microcredit.Scoring.Features.Snapshots;
using Microcredit.Scoring.Labels;
using Microcredit.Scoring.Models.Data;

namespace Microcredit.Jobs.Monitoring;

/// <summary>
/// Credit loans whose default outcome is known, as the training CSV of <c>credit dataset build</c>
/// filtered to credit loans (what <c>models/train.sh</c> trains on): loan_id, merchant_id,
/// disbursed_at, product, the catalog features as of the disbursement date with money in currency
/// units, default. Going through the same CSV text makes a job's model byte-identical to the one
/// <c>credit train</c> makes of that file.
/// </summary>
public static class MaturedLoans
{
    /// <summary>The CSV of the credit loans of <paramref name="set"/> that <paramref name="keep"/> selects, in the set's order.</summary>
    public static (string Csv, int Loans) Csv(TrainingSet set, Func<TrainingExample, bool> keep)
    {
        ArgumentNullException.ThrowIfNull(set);
        ArgumentNullException.ThrowIfNull(keep);
        using var full = new StringWriter();
        FeatureCsv.WriteTrainingSet(full, set);
        // Line r + 1 is example r: identifiers never hold a line break (the import refuses them).
        var lines = full.ToString().Split('\n');
        var text = new StringBuilder(lines[0]).Append('\n');
        var count = 0;
        for (var r = 0; r < set.Examples.Count; r++)
        {
            var example = set.Examples[r];
            if (example.Product == LoanProduct.Credit && keep(example))
            {
                text.Append(lines[r + 1]).Append('\n');
                count++;
            }
        }

        return (text.ToString(), count);
    }

    /// <summary>Reads such a CSV; every catalog feature is numeric even where a small sample leaves it all empty.</summary>
    public static TabularData Read(string csv, string source) => CsvTabularReader.Read(new StringReader(csv), source, new CsvReadOptions
    {
        Kinds = FeatureCatalog.All.ToDictionary(f => f.Name, _ => ColumnKind.Numeric, StringComparer.Ordinal),
    });
}
