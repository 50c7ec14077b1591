namespace Microcredit.Scoring.Import;

/// <summary>
/// <c>orders.csv</c>. Orders progress between exports, so a later file may fill empty timestamps
/// (and the refund amount with its timestamp); everything else is fixed at creation.
/// </summary>
internal sealed class OrdersFile : InputFile
{
    private const int MerchantId = 1;
    private const int Amount = 3;
    private const int CreatedAt = 4;
    private const int ShippedAt = 5;
    private const int SettledAt = 6;
    private const int RefundedAt = 7;
    private const int RefundAmount = 8;
    private const int DisputedAt = 9;

    public override string Name => "orders";

    public override IReadOnlyList<Column> Columns { get; } =
    [
        new("order_id", ColumnKind.Id),
        new("merchant_id", ColumnKind.Id),
        new("buyer_id", ColumnKind.Id),
        new("amount", ColumnKind.Money),
        new("created_at", ColumnKind.Timestamp),
        new("shipped_at", ColumnKind.Timestamp, Required: false),
        new("settled_at", ColumnKind.Timestamp, Required: false),
        new("refunded_at", ColumnKind.Timestamp, Required: false),
        new("refund_amount", ColumnKind.Money, Required: false),
        new("disputed_at", ColumnKind.Timestamp, Required: false),
    ];

    public override IReadOnlyList<string> Key { get; } = ["order_id"];

    public override IReadOnlyList<string> FillOnly { get; } = ["shipped_at", "settled_at", "refunded_at", "refund_amount", "disputed_at"];

    public override IReadOnlyList<(string Name, string Definition)> SecondaryIndexes { get; } =
        [("ix_orders_merchant", "CREATE INDEX ix_orders_merchant ON orders (merchant_id, created_at)")];

    public override void CheckRow(RowBuffer row, RowReport report, KnownEntities known)
    {
        var n = row.Number;
        if (known.IsMissingMerchant(row.Text[MerchantId]!))
        {
            report.Error("merchant_id", $"merchant '{row.Text[MerchantId]}' is neither in merchants.csv nor in the database");
        }

        if (n[Amount] == 0)
        {
            report.Error("amount", "must be greater than 0");
        }

        var created = n[CreatedAt]!.Value;
        if (n[ShippedAt] is { } shipped && shipped < created)
        {
            report.Error("shipped_at", $"{ValueText.Timestamp(shipped)} is before created_at {ValueText.Timestamp(created)}");
        }

        if (n[SettledAt] is { } settled)
        {
            if (n[ShippedAt] is not { } shippedAt)
            {
                report.Error("settled_at", "is set but shipped_at is empty: an order settles only after it ships");
            }
            else if (settled < shippedAt)
            {
                report.Error("settled_at", $"{ValueText.Timestamp(settled)} is before shipped_at {ValueText.Timestamp(shippedAt)}");
            }

            if (n[RefundedAt] is not null)
            {
                report.Error("refunded_at", "is set but the order is settled: an order is never both settled and refunded");
            }
        }

        if (n[RefundedAt] is { } refunded && refunded < created)
        {
            report.Error("refunded_at", $"{ValueText.Timestamp(refunded)} is before created_at {ValueText.Timestamp(created)}");
        }

        if (n[RefundedAt] is not null && n[RefundAmount] is null)
        {
            report.Error("refund_amount", "is empty but refunded_at is set");
        }

        if (n[RefundAmount] is { } refund)
        {
            if (n[RefundedAt] is null)
            {
                report.Error("refund_amount", "is set but refunded_at is empty");
            }

            if (refund == 0)
            {
                report.Error("refund_amount", "must be greater than 0");
            }
            else if (refund > n[Amount])
            {
                report.Error("refund_amount", $"{ValueText.Money(refund)} is more than the order amount {ValueText.Money(n[Amount]!.Value)}");
            }
        }

        if (n[DisputedAt] is { } disputed && disputed < created)
        {
            report.Error("disputed_at", $"{ValueText.Timestamp(disputed)} is before created_at {ValueText.Timestamp(created)}");
        }
    }
}
