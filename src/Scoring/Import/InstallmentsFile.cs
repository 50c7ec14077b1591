namespace Microcredit.Scoring.Import;

/// <summary><c>installments.csv</c>, the repayment schedule: fixed once imported.</summary>
internal sealed class InstallmentsFile : InputFile
{
    public override string Name => "installments";

    public override IReadOnlyList<Column> Columns { get; } =
    [
        new("loan_id", ColumnKind.Id),
        new("seq", ColumnKind.PositiveInteger),
        new("due_date", ColumnKind.Date),
        new("principal_due", ColumnKind.Money),
        new("interest_due", ColumnKind.Money),
    ];

    public override IReadOnlyList<string> Key { get; } = ["loan_id", "seq"];

    public override void CheckRow(RowBuffer row, RowReport report, KnownEntities known)
    {
        var loan = row.Text[0]!;
        if (known.RejectPlatformLoan(loan, report))
        {
            return;
        }

        if (known.IsMissingLoan(loan))
        {
            report.Error("loan_id", $"loan '{loan}' is neither in loans.csv nor in the database");
        }
    }
}
