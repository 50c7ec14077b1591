namespace Microcredit.Scoring.Import;

/// <summary><c>repayments.csv</c>: payment events, identified by (loan_id, paid_at, amount), only ever added.</summary>
internal sealed class RepaymentsFile : InputFile
{
    public override string Name => "repayments";

    public override IReadOnlyList<Column> Columns { get; } =
    [
        new("loan_id", ColumnKind.Id),
        new("paid_at", ColumnKind.Timestamp),
        new("amount", ColumnKind.Money),
    ];

    public override IReadOnlyList<string> Key { get; } = ["loan_id", "paid_at", "amount"];

    public override void CheckRow(RowBuffer row, RowReport report, KnownEntities known)
    {
        var loanId = row.Text[0]!;
        var paid = row.Number[1]!.Value;
        if (known.RejectPlatformLoan(loanId, report))
        {
            return;
        }

        if (known.IsMissingLoan(loanId))
        {
            report.Error("loan_id", $"loan '{loanId}' is neither in loans.csv nor in the database");
        }
        else if (known.Loans.TryGetValue(loanId, out var loan) && loan.DisbursedAt is { } disbursed && paid < disbursed)
        {
            report.Error("paid_at", $"{ValueText.Timestamp(paid)} is before the loan was disbursed ({ValueText.Timestamp(disbursed)})");
        }

        if (row.Number[2] == 0)
        {
            report.Error("amount", "must be greater than 0");
        }
    }
}
