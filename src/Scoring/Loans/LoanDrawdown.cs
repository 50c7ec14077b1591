using System.Data.Common;
using Dapper;
using Microcredit.Scoring.Features.History;
using Microcredit.Scoring.Money;
using Microcredit.Scoring.Storage;

namespace Microcredit.Scoring.Loans;

/// <summary>An order pledged to an order loan and the advance it carries.</summary>
public sealed record PledgedOrder(string OrderId, Money.Money OrderAmount, Money.Money AdvanceAmount);

/// <summary>How a draw-down ended.</summary>
public enum DrawdownStatus
{
    /// <summary>The loan, its schedule (and pledges) were written.</summary>
    Drawn,

    /// <summary>The decision was drawn down before (loans.decision_id is unique); nothing was written.</summary>
    AlreadyDrawn,

    /// <summary>An order is pledged to another loan already (<see cref="DrawdownOutcome.OrderId"/>); nothing was written.</summary>
    OrderAlreadyPledged,

    /// <summary>The loan id is taken (a generated id collided); nothing was written.</summary>
    LoanIdTaken,
}

/// <summary>The outcome of a draw-down: the schedule written, or why nothing was.</summary>
public sealed record DrawdownOutcome(DrawdownStatus Status, IReadOnlyList<ScheduledInstallment> Schedule, string? OrderId = null);

/// <summary>
/// Writes platform loans (origin 'platform') in the caller's transaction: the loans row, its
/// schedule into installments and, for an order loan, its pledges. A refusal is an outcome, and
/// leaves nothing written; the caller commits or rolls back.
/// </summary>
public static class LoanDrawdown
{
    /// <summary>Draws down a credit loan of <paramref name="principal"/> over <paramref name="termMonths"/> (3, 6 or 12).</summary>
    public static Task<DrawdownOutcome> CreditAsync(
        DbConnection connection,
        DbTransaction transaction,
        string loanId,
        string decisionId,
        string merchantId,
        Money.Money principal,
        decimal dailyRate,
        int termMonths,
        DateTimeOffset disbursedAt,
        CancellationToken cancellationToken = default)
    {
        var schedule = LoanSchedule.Credit(principal, termMonths, dailyRate, disbursedAt);
        return WriteAsync(connection, transaction, loanId, decisionId, merchantId, LoanProduct.Credit, principal, dailyRate, disbursedAt, schedule, [], cancellationToken);
    }

    /// <summary>Draws down an order loan: principal is the sum of the pledged orders' advances, due in 30 days.</summary>
    public static Task<DrawdownOutcome> OrderAsync(
        DbConnection connection,
        DbTransaction transaction,
        string loanId,
        string decisionId,
        string merchantId,
        IReadOnlyList<PledgedOrder> pledges,
        decimal dailyRate,
        DateTimeOffset disbursedAt,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(pledges);
        ArgumentOutOfRangeException.ThrowIfZero(pledges.Count, nameof(pledges));
        if (pledges.Select(p => p.OrderId).Distinct(StringComparer.Ordinal).Count() != pledges.Count)
        {
            throw new ArgumentException("An order is pledged twice.", nameof(pledges));
        }

        var principal = Money.Money.Zero;
        foreach (var pledge in pledges)
        {
            ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(pledge.AdvanceAmount.Amount, 0m, nameof(pledges));
            principal += pledge.AdvanceAmount;
        }

        var schedule = LoanSchedule.Order(principal, dailyRate, disbursedAt);
        return WriteAsync(connection, transaction, loanId, decisionId, merchantId, LoanProduct.Order, principal, dailyRate, disbursedAt, schedule, pledges, cancellationToken);
    }

    private static async Task<DrawdownOutcome> WriteAsync(
        DbConnection connection,
        DbTransaction transaction,
        string loanId,
        string decisionId,
        string merchantId,
        LoanProduct product,
        Money.Money principal,
        decimal dailyRate,
        DateTimeOffset disbursedAt,
        IReadOnlyList<ScheduledInstallment> schedule,
        IReadOnlyList<PledgedOrder> pledges,
        CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(loanId);
        ArgumentException.ThrowIfNullOrEmpty(decisionId);
        ArgumentException.ThrowIfNullOrEmpty(merchantId);

        // ON CONFLICT DO NOTHING instead of catching a unique violation: on PostgreSQL a failed
        // statement would abort the caller's whole transaction (its idempotency record with it).
        var inserted = await connection.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO loans (loan_id, merchant_id, product, principal, daily_rate, disbursed_at, maturity_date, origin, decision_id)
            VALUES (@loanId, @merchantId, @product, @principal, @rate, @disbursedAt, @maturity, @origin, @decisionId)
            ON CONFLICT DO NOTHING
            """,
            new
            {
                loanId,
                merchantId,
                product = LoanProducts.ToText(product),
                principal = principal.ToMinor(),
                rate = Rate.ToMicros(dailyRate),
                disbursedAt = DbTime.ToDb(disbursedAt),
                maturity = DbTime.ToDb(schedule[^1].DueDate),
                origin = LoanOrigin.Platform,
                decisionId,
            },
            transaction,
            cancellationToken: cancellationToken));
        if (inserted == 0)
        {
            var drawn = await connection.ExecuteScalarAsync<long>(new CommandDefinition(
                "SELECT count(*) FROM loans WHERE decision_id = @decisionId", new { decisionId }, transaction, cancellationToken: cancellationToken));
            return new DrawdownOutcome(drawn > 0 ? DrawdownStatus.AlreadyDrawn : DrawdownStatus.LoanIdTaken, []);
        }

        await connection.ExecuteAsync(new CommandDefinition(
            "INSERT INTO installments (loan_id, seq, due_date, principal_due, interest_due) VALUES (@loanId, @Seq, @DueDate, @Principal, @Interest)",
            schedule.Select(i => new { loanId, i.Seq, DueDate = DbTime.ToDb(i.DueDate), Principal = i.Principal.ToMinor(), Interest = i.Interest.ToMinor() }),
            transaction,
            cancellationToken: cancellationToken));
        foreach (var pledge in pledges)
        {
            var pledged = await connection.ExecuteAsync(new CommandDefinition(
                """
                INSERT INTO loan_pledges (loan_id, order_id, order_amount, advance_amount) VALUES (@loanId, @orderId, @orderAmount, @advance)
                ON CONFLICT DO NOTHING
                """,
                new { loanId, orderId = pledge.OrderId, orderAmount = pledge.OrderAmount.ToMinor(), advance = pledge.AdvanceAmount.ToMinor() },
                transaction,
                cancellationToken: cancellationToken));
            if (pledged == 0)
            {
                await RemoveAsync(connection, transaction, loanId, cancellationToken);
                return new DrawdownOutcome(DrawdownStatus.OrderAlreadyPledged, [], pledge.OrderId);
            }
        }

        return new DrawdownOutcome(DrawdownStatus.Drawn, schedule);
    }

    /// <summary>Takes back what this draw-down wrote, so a refusal leaves the caller's transaction as it found it.</summary>
    private static async Task RemoveAsync(DbConnection connection, DbTransaction transaction, string loanId, CancellationToken cancellationToken)
    {
        foreach (var table in new[] { "loan_pledges", "installments", "loans" })
        {
            await connection.ExecuteAsync(new CommandDefinition($"DELETE FROM {table} WHERE loan_id = @loanId", new { loanId }, transaction, cancellationToken: cancellationToken));
        }
    }
}
