namespace Microcredit.Scoring.Import;

/// <summary>
/// Collects errors with an exact total but a bounded list: a file with millions of bad rows must
/// not hold millions of messages in memory. Each file keeps its earliest <see cref="Kept"/>
/// lines, which is enough to list the first <see cref="Kept"/> of the whole import.
/// </summary>
public sealed class ImportErrors
{
    /// <summary>How many errors a report lists.</summary>
    public const int Kept = 50;

    private readonly Dictionary<string, List<ImportError>> byFile = new(StringComparer.Ordinal);

    /// <summary>Every error found, listed or not.</summary>
    public long Total { get; private set; }

    public bool Any => Total > 0;

    public void Add(ImportError error)
    {
        Total++;
        if (!byFile.TryGetValue(error.File, out var list))
        {
            byFile[error.File] = list = [];
        }

        list.Add(error);
        if (list.Count > 4 * Kept)
        {
            var earliest = Sorted(list).Take(Kept).ToList();
            list.Clear();
            list.AddRange(earliest);
        }
    }

    /// <summary>Counts errors that a set-based check found beyond the ones it listed.</summary>
    public void AddUnlisted(long count) => Total += count;

    /// <summary>The first errors by file order, line and field; at most <see cref="Kept"/>.</summary>
    public IReadOnlyList<ImportError> First(IReadOnlyList<string> fileOrder)
    {
        var result = new List<ImportError>();
        foreach (var file in byFile.Keys.OrderBy(f => Rank(fileOrder, f)).ThenBy(f => f, StringComparer.Ordinal))
        {
            result.AddRange(Sorted(byFile[file]));
        }

        return [.. result.Take(Kept)];
    }

    private static IEnumerable<ImportError> Sorted(List<ImportError> errors) =>
        errors.OrderBy(e => e.Line).ThenBy(e => e.Field ?? "", StringComparer.Ordinal).ThenBy(e => e.Message, StringComparer.Ordinal);

    private static int Rank(IReadOnlyList<string> order, string file)
    {
        for (var i = 0; i < order.Count; i++)
        {
            if (order[i] == file)
            {
                return i;
            }
        }

        return order.Count;
    }
}
