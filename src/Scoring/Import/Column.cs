namespace Microcredit.Scoring.Import;

/// <summary>The field types of docs/data-format.md.</summary>
internal enum ColumnKind
{
    Id,
    Text,
    Timestamp,
    Date,
    Money,
    Rate,
    Boolean,
    PositiveInteger,
    Product,
}

/// <summary>
/// One column of an input file. Its name is also the column of the staging and target tables;
/// text-like kinds are stored as TEXT, the rest as BIGINT in storage units.
/// </summary>
internal sealed record Column(string Name, ColumnKind Kind, bool Required = true)
{
    public bool IsText => Kind is ColumnKind.Id or ColumnKind.Text or ColumnKind.Date or ColumnKind.Product;
}
