using System.Data.Common;
using Dapper;
using Microcredit.Scoring.Features;
using Microcredit.Scoring.Features.Engine;
using Microcredit.Scoring.Features.Snapshots;
using Microcredit.Scoring.Storage;

namespace Microcredit.Underwriting.Dashboard.Reviews;

/// <summary>
/// Each feature's distribution across the merchants of a snapshot, for the case page's "against the
/// portfolio" table. A snapshot is written whole and only replaced whole (a rebuild changes its
/// built_at), so the sorted columns are computed once per snapshot and kept: reading 2,000 rows of
/// 47 columns on every case page would cost more than the rest of the page.
/// </summary>
public sealed class FeaturePercentiles(Database database)
{
    private readonly Lock gate = new();
    private SnapshotDistribution? latest;

    public async Task<SnapshotDistribution?> ForAsync(DbConnection connection, DateOnly asOf, CancellationToken cancellationToken)
    {
        var builtAt = await connection.ExecuteScalarAsync<long?>(new CommandDefinition(
            "SELECT built_at FROM feature_snapshots WHERE feature_set_version = @Version AND as_of = @asOf",
            new { FeatureCatalog.Version, asOf = DbTime.ToDb(asOf) },
            cancellationToken: cancellationToken));
        if (builtAt is null)
        {
            return null;
        }

        lock (gate)
        {
            if (latest is { } cached && cached.AsOf == asOf && cached.BuiltAt == builtAt)
            {
                return cached;
            }
        }

        var matrix = await FeatureSnapshotStore.LoadAsync(database, asOf, cancellationToken);
        if (matrix is null)
        {
            return null;
        }

        var distribution = SnapshotDistribution.Of(matrix, builtAt.Value);
        lock (gate)
        {
            latest = distribution;
        }

        return distribution;
    }
}

/// <summary>The non-missing values of every feature of one snapshot, sorted ascending.</summary>
public sealed class SnapshotDistribution
{
    private readonly double[][] sorted;

    private SnapshotDistribution(DateOnly asOf, long builtAt, int merchants, double[][] sorted)
    {
        AsOf = asOf;
        BuiltAt = builtAt;
        Merchants = merchants;
        this.sorted = sorted;
    }

    public DateOnly AsOf { get; }

    public long BuiltAt { get; }

    public int Merchants { get; }

    public static SnapshotDistribution Of(FeatureMatrix matrix, long builtAt)
    {
        var columns = new double[FeatureCatalog.Count][];
        for (var f = 0; f < columns.Length; f++)
        {
            var values = new List<double>(matrix.RowCount);
            for (var r = 0; r < matrix.RowCount; r++)
            {
                var value = matrix[r, (FeatureId)f];
                if (!double.IsNaN(value))
                {
                    values.Add(value);
                }
            }

            values.Sort();
            columns[f] = [.. values];
        }

        return new SnapshotDistribution(matrix.AsOf, builtAt, matrix.RowCount, columns);
    }

    /// <summary>The p-quantile of the feature (linear interpolation, as the feature catalog's percentiles); NaN when no merchant has a value.</summary>
    public double Quantile(FeatureId feature, double p) => Percentile.OfSorted(sorted[(int)feature], p);

    /// <summary>
    /// Where <paramref name="value"/> stands among the merchants with a value, 0–100: the share below
    /// it plus half the share equal to it (so the median merchant is at 50 and ties share a rank).
    /// Null for a missing value or a feature no merchant has.
    /// </summary>
    public double? Rank(FeatureId feature, double value)
    {
        var column = sorted[(int)feature];
        if (double.IsNaN(value) || column.Length == 0)
        {
            return null;
        }

        var below = LowerBound(column, value);
        var notAbove = UpperBound(column, value);
        return 100.0 * (below + (0.5 * (notAbove - below))) / column.Length;
    }

    private static int LowerBound(double[] column, double value)
    {
        var (lo, hi) = (0, column.Length);
        while (lo < hi)
        {
            var mid = (lo + hi) >>> 1;
            if (column[mid] < value)
            {
                lo = mid + 1;
            }
            else
            {
                hi = mid;
            }
        }

        return lo;
    }

    private static int UpperBound(double[] column, double value)
    {
        var (lo, hi) = (0, column.Length);
        while (lo < hi)
        {
            var mid = (lo + hi) >>> 1;
            if (column[mid] <= value)
            {
                lo = mid + 1;
            }
            else
            {
                hi = mid;
            }
        }

        return lo;
    }
}
