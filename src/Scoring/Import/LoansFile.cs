namespace Microcredit.Scoring.Import;

/// <summary><c>loans.csv</c>: a loan never changes once imported.</summary>
internal sealed class LoansFile : InputFile
{
    private const int LoanId = 0;
    private const int MerchantId = 1;
    private const int Product = 2;
    private const int Principal = 3;
    private const int DisbursedAt = 5;
    private const int MaturityDate = 6;

    public override string Name => "loans";

    public override IReadOnlyList<Column> Columns { get; } =
    [
        new("loan_id", ColumnKind.Id),
        new("merchant_id", ColumnKind.Id),
        new("product", ColumnKind.Product),
        new("principal", ColumnKind.Money),
        new("daily_rate", ColumnKind.Rate),
        new("disbursed_at", ColumnKind.Timestamp),
        new("maturity_date", ColumnKind.Date),
    ];

    public override IReadOnlyList<string> Key { get; } = ["loan_id"];

    public override IReadOnlyList<(string Name, string Definition)> SecondaryIndexes { get; } =
        [("ix_loans_merchant", "CREATE INDEX ix_loans_merchant ON loans (merchant_id)")];

    public override void Remember(RowBuffer row, KnownEntities known) =>
        known.Loans.TryAdd(row.Text[LoanId]!, new KnownLoan(row.Text[MerchantId], row.Text[Product], row.Number[DisbursedAt]));

    public override void CheckRow(RowBuffer row, RowReport report, KnownEntities known)
    {
        if (known.RejectPlatformLoan(row.Text[LoanId]!, report))
        {
            return;
        }

        var merchant = row.Text[MerchantId]!;
        var disbursed = row.Number[DisbursedAt]!.Value;
        if (known.IsMissingMerchant(merchant))
        {
            report.Error("merchant_id", $"merchant '{merchant}' is neither in merchants.csv nor in the database");
        }
        else if (known.Merchants.TryGetValue(merchant, out var registered) && registered is { } registeredAt && disbursed < registeredAt)
        {
            report.Error("disbursed_at", $"{ValueText.Timestamp(disbursed)} is before the merchant registered ({ValueText.Timestamp(registeredAt)})");
        }

        if (row.Number[Principal] == 0)
        {
            report.Error("principal", "must be greater than 0");
        }

        var maturity = Storage.DbTime.DateFromDb(row.Text[MaturityDate]!);
        if (maturity.DayNumber < ValueText.DayOf(disbursed))
        {
            report.Error("maturity_date", $"{row.Text[MaturityDate]} is before the disbursement date {ValueText.Timestamp(disbursed)[..10]}");
        }
    }
}
