namespace Microcredit.Scoring.Import;

/// <summary>
/// One of the six input files: its columns, the rules a single row must follow, the set-based
/// checks run in the database over the staged rows, and how staged rows merge into the table.
/// </summary>
internal abstract class InputFile
{
    private bool[]? isKey;

    /// <summary>The file's base name without extension, which is also its table's name.</summary>
    public abstract string Name { get; }

    public abstract IReadOnlyList<Column> Columns { get; }

    /// <summary>The columns identifying a row, unique within a file and a table.</summary>
    public abstract IReadOnlyList<string> Key { get; }

    /// <summary>Columns a re-import may change freely (a merchant's category).</summary>
    public virtual IReadOnlyList<string> Updatable => [];

    /// <summary>Columns a re-import may fill when empty but never change or clear (an order's settled_at).</summary>
    public virtual IReadOnlyList<string> FillOnly => [];

    /// <summary>Indexes besides the primary key, dropped before a first load into an empty table and built after.</summary>
    public virtual IReadOnlyList<(string Name, string Definition)> SecondaryIndexes => [];

    public string Table => Name;

    /// <summary>Per column position, whether it is part of <see cref="Key"/> (read once per field on the hot path).</summary>
    public bool[] IsKey => isKey ??= [.. Columns.Select(c => Key.Contains(c.Name))];

    /// <summary>
    /// Whether a first load may skip staging (SQLite): true unless the file's own set checks
    /// read its staged rows.
    /// </summary>
    public virtual bool CanLoadDirectly => true;

    public string StageTable => "stage_" + Name;

    /// <summary>Columns that may not change once imported.</summary>
    public IEnumerable<Column> Immutable => Columns.Where(c => !Key.Contains(c.Name) && !Updatable.Contains(c.Name) && !FillOnly.Contains(c.Name));

    public int IndexOf(string column)
    {
        for (var i = 0; i < Columns.Count; i++)
        {
            if (Columns[i].Name == column)
            {
                return i;
            }
        }

        throw new ArgumentException($"{Name} has no column {column}.", nameof(column));
    }

    /// <summary>Rules across the fields of one row, and references resolved from <paramref name="known"/>.</summary>
    public virtual void CheckRow(RowBuffer row, RowReport report, KnownEntities known)
    {
    }

    /// <summary>Records what later files may reference; called for every row whose key parsed, valid or not.</summary>
    public virtual void Remember(RowBuffer row, KnownEntities known)
    {
    }

    /// <summary>Checks over the staged rows and the database that a single row cannot show.</summary>
    public virtual IEnumerable<SetCheck> SetChecks(KnownEntities known) => [];
}
