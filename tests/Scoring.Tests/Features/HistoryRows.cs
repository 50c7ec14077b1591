using System.Globalization;
using Dapper;
using Microcredit.Scoring.Features.History;
using Microcredit.Scoring.Storage;

namespace Microcredit.Scoring.Tests.Features;

/// <summary>
/// A hand-written history in the units of the input files (ISO timestamps, decimal money), which
/// a test either inserts into the 0001 tables with Dapper (then loads through the real loader)
/// or builds in memory.
/// </summary>
internal sealed class HistoryRows
{
    public List<MerchantRow> Merchants { get; } = [];

    public List<OrderRow> Orders { get; } = [];

    public List<LoanRow> Loans { get; } = [];

    public List<InstallmentRow> Installments { get; } = [];

    public List<RepaymentRow> Repayments { get; } = [];

    public List<(string LoanId, string OrderId)> LoanOrders { get; } = [];

    public static long Ms(string iso) => DateTimeOffset.Parse(iso, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal).ToUnixTimeMilliseconds();

    public static long Cents(decimal amount) => new Money.Money(amount).ToMinor();

    public HistoryRows Merchant(string id, string registeredAt)
    {
        Merchants.Add(new MerchantRow(id, Ms(registeredAt)));
        return this;
    }

    public HistoryRows Order(string id, string merchant, string buyer, decimal amount, string created, string? shipped = null, string? settled = null, string? refunded = null, decimal? refundAmount = null, string? disputed = null)
    {
        Orders.Add(new OrderRow(id, merchant, buyer, Cents(amount), Ms(created), Opt(shipped), Opt(settled), Opt(refunded), refundAmount is { } r ? Cents(r) : null, Opt(disputed)));
        return this;
    }

    public HistoryRows Loan(string id, string merchant, string product, decimal principal, string disbursed, string maturity, decimal dailyRate = 0.0005m)
    {
        Loans.Add(new LoanRow(id, merchant, product, Cents(principal), Money.Rate.ToMicros(dailyRate), Ms(disbursed), maturity));
        return this;
    }

    public HistoryRows Installment(string loan, int seq, string due, decimal principal, decimal interest)
    {
        Installments.Add(new InstallmentRow(loan, seq, due, Cents(principal), Cents(interest)));
        return this;
    }

    public HistoryRows Repayment(string loan, string paidAt, decimal amount)
    {
        Repayments.Add(new RepaymentRow(loan, Ms(paidAt), Cents(amount)));
        return this;
    }

    public HistoryRows Pledge(string loan, string order)
    {
        LoanOrders.Add((loan, order));
        return this;
    }

    /// <summary>The same history built in memory, as the loader would.</summary>
    public MerchantHistory ToHistory()
    {
        var builder = new HistoryBuilder();
        foreach (var m in Merchants)
        {
            builder.AddMerchant(m.MerchantId, m.RegisteredAt);
        }

        foreach (var o in Orders.OrderBy(o => o.MerchantId, StringComparer.Ordinal).ThenBy(o => o.CreatedAt))
        {
            builder.AddOrder(o.MerchantId, o.BuyerId, o.Amount, o.CreatedAt, o.ShippedAt, o.SettledAt, o.RefundedAt, o.RefundAmount, o.DisputedAt);
        }

        foreach (var l in Loans)
        {
            builder.AddLoan(l.LoanId, l.MerchantId, LoanProducts.Parse(l.Product), l.Principal, l.DailyRate, l.DisbursedAt, DbTime.DateFromDb(l.MaturityDate));
        }

        foreach (var i in Installments)
        {
            builder.AddInstallment(i.LoanId, i.Seq, DbTime.DateFromDb(i.DueDate), i.PrincipalDue, i.InterestDue);
        }

        foreach (var r in Repayments)
        {
            builder.AddRepayment(r.LoanId, r.PaidAt, r.Amount);
        }

        return builder.Build();
    }

    /// <summary>Inserts every row into the history tables of a migrated database, in one transaction.</summary>
    public async Task InsertAsync(Database database)
    {
        await using var connection = await database.OpenAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        await connection.ExecuteAsync(
            "INSERT INTO merchants (merchant_id, registered_at, category, region, kyc_verified) VALUES (@MerchantId, @RegisteredAt, 'apparel', 'Zhejiang', 1)",
            Merchants,
            transaction);
        await connection.ExecuteAsync(
            """
            INSERT INTO orders (order_id, merchant_id, buyer_id, amount, created_at, shipped_at, settled_at, refunded_at, refund_amount, disputed_at)
            VALUES (@OrderId, @MerchantId, @BuyerId, @Amount, @CreatedAt, @ShippedAt, @SettledAt, @RefundedAt, @RefundAmount, @DisputedAt)
            """,
            Orders,
            transaction);
        await connection.ExecuteAsync(
            """
            INSERT INTO loans (loan_id, merchant_id, product, principal, daily_rate, disbursed_at, maturity_date)
            VALUES (@LoanId, @MerchantId, @Product, @Principal, @DailyRate, @DisbursedAt, @MaturityDate)
            """,
            Loans,
            transaction);
        await connection.ExecuteAsync(
            "INSERT INTO installments (loan_id, seq, due_date, principal_due, interest_due) VALUES (@LoanId, @Seq, @DueDate, @PrincipalDue, @InterestDue)",
            Installments,
            transaction);
        await connection.ExecuteAsync("INSERT INTO repayments (loan_id, paid_at, amount) VALUES (@LoanId, @PaidAt, @Amount)", Repayments, transaction);
        await connection.ExecuteAsync(
            "INSERT INTO loan_orders (loan_id, order_id) VALUES (@LoanId, @OrderId)",
            LoanOrders.Select(p => new { p.LoanId, p.OrderId }),
            transaction);
        await transaction.CommitAsync();
    }

    private static long? Opt(string? iso) => iso is null ? null : Ms(iso);

    public sealed record MerchantRow(string MerchantId, long RegisteredAt);

    public sealed record OrderRow(string OrderId, string MerchantId, string BuyerId, long Amount, long CreatedAt, long? ShippedAt, long? SettledAt, long? RefundedAt, long? RefundAmount, long? DisputedAt);

    public sealed record LoanRow(string LoanId, string MerchantId, string Product, long Principal, long DailyRate, long DisbursedAt, string MaturityDate);

    public sealed record InstallmentRow(string LoanId, int Seq, string DueDate, long PrincipalDue, long InterestDue);

    public sealed record RepaymentRow(string LoanId, long PaidAt, long Amount);
}
