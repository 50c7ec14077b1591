namespace Microcredit.Scoring.Import;

/// <summary>
/// <c>loan_orders.csv</c>: the orders pledged to an order loan, only ever added. The order
/// reference is checked in the database, since orders are too many to hold in memory.
/// </summary>
internal sealed class LoanOrdersFile : InputFile
{
    public override string Name => "loan_orders";

    public override IReadOnlyList<Column> Columns { get; } =
    [
        new("loan_id", ColumnKind.Id),
        new("order_id", ColumnKind.Id),
    ];

    public override IReadOnlyList<string> Key { get; } = ["loan_id", "order_id"];

    public override bool CanLoadDirectly => false;

    public override IReadOnlyList<(string Name, string Definition)> SecondaryIndexes { get; } =
        [("ix_loan_orders_order", "CREATE INDEX ix_loan_orders_order ON loan_orders (order_id)")];

    public override void CheckRow(RowBuffer row, RowReport report, KnownEntities known)
    {
        var loanId = row.Text[0]!;
        if (known.RejectPlatformLoan(loanId, report))
        {
            return;
        }

        if (known.IsMissingLoan(loanId))
        {
            report.Error("loan_id", $"loan '{loanId}' is neither in loans.csv nor in the database");
        }
        else if (known.Loans.TryGetValue(loanId, out var loan) && loan.Product is { } product && product != "order")
        {
            report.Error("loan_id", $"loan '{loanId}' is a {product} loan; only order loans have pledged orders");
        }
    }

    public override IEnumerable<SetCheck> SetChecks(KnownEntities known)
    {
        // Orders of this import are staged, earlier ones are in the table: a pledge may name either.
        const string Orders = "(SELECT order_id, merchant_id FROM stage_orders WHERE valid = 1 UNION SELECT order_id, merchant_id FROM orders)";
        const string Loans = "(SELECT loan_id, merchant_id FROM stage_loans WHERE valid = 1 UNION SELECT loan_id, merchant_id FROM loans)";
        if (known.Unreadable.Contains("orders"))
        {
            yield break;
        }

        yield return new SetCheck(
            "order_id",
            $"""
            SELECT s.line, s.order_id AS a, NULL AS b FROM stage_loan_orders s
            WHERE NOT EXISTS (SELECT 1 FROM stage_orders o WHERE o.order_id = s.order_id)
              AND NOT EXISTS (SELECT 1 FROM orders o WHERE o.order_id = s.order_id)
            """,
            hit => $"order '{hit.A}' is neither in orders.csv nor in the database");
        yield return new SetCheck(
            "order_id",
            $"""
            SELECT s.line, s.order_id AS a, o.merchant_id || '|' || l.merchant_id AS b FROM stage_loan_orders s
            JOIN {Orders} o ON o.order_id = s.order_id
            JOIN {Loans} l ON l.loan_id = s.loan_id
            WHERE s.valid = 1 AND o.merchant_id <> l.merchant_id
            """,
            hit =>
            {
                var merchants = ((string)hit.B!).Split('|');
                return $"order '{hit.A}' belongs to merchant '{merchants[0]}', the loan to merchant '{merchants[1]}'";
            });
    }
}
