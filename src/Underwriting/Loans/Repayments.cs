using System.Data.Common;
using Microcredit.Scoring.Loans;
using Microcredit.Scoring.Money;
using Microcredit.Scoring.Storage;
using Microcredit.Underwriting.Api;
using Microcredit.Underwriting.Audit;
using Microcredit.Underwriting.Auth;

namespace Microcredit.Underwriting.Loans;

/// <summary>
/// <c>POST /v1/loans/{loanId}/repayments</c>: a payment made now (the service's clock), at most the
/// payoff, recorded under the loan's lock; the response is the allocation and the loan after it.
/// </summary>
public static class Repayments
{
    /// <summary>Largest amount a request may name; far above any loan, it only guards the arithmetic.</summary>
    public const decimal MaxAmount = 100_000_000m;

    public static async Task<PostResult> DecideAsync(string loanId, RepaymentRequest request, ApiCaller caller, Database database, TimeProvider time, CancellationToken cancellationToken)
    {
        if (request.Amount is not { } amount)
        {
            return PostResult.Fail(ApiProblems.Field("amount", "is required."));
        }

        if (amount <= 0 || amount > MaxAmount)
        {
            return PostResult.Fail(ApiProblems.Field("amount", $"must be greater than 0 and at most {MaxAmount:0}."));
        }

        if (decimal.Round(amount, Money.Decimals) != amount)
        {
            return PostResult.Fail(ApiProblems.Field("amount", $"has more than {Money.Decimals} decimals."));
        }

        await using (var connection = await database.OpenAsync(cancellationToken))
        {
            if (await LoanAccess.ProblemAsync(connection, caller, loanId, cancellationToken) is { } refused)
            {
                return PostResult.Fail(refused);
            }
        }

        var now = time.GetUtcNow();
        var paid = new Money(amount);
        return PostResult.CreatedByWrite((connection, transaction, token) => RecordAsync(connection, transaction, caller, loanId, paid, now, token));
    }

    private static async Task<(IResult? Problem, object? Response)> RecordAsync(
        DbConnection connection, DbTransaction transaction, ApiCaller caller, string loanId, Money amount, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var outcome = await LoanRepayments.RecordAsync(connection, transaction, loanId, amount, now, cancellationToken);
        switch (outcome.Status)
        {
            case RepaymentStatus.Recorded:
                break;
            case RepaymentStatus.ExceedsPayoff:
                var payoff = Amounts.Of(outcome.Payoff!.Total);
                var problem = ApiProblems.Field("amount", $"is more than the payoff of {payoff:0.00} now; pay at most the payoff, which closes the loan.", StatusCodes.Status422UnprocessableEntity);
                problem.ProblemDetails.Extensions["payoff"] = payoff;
                return (problem, null);
            case RepaymentStatus.AlreadyRepaid:
                return (ApiProblems.Conflict("loanId", $"Loan '{loanId}' is repaid; nothing is owed."), null);
            case RepaymentStatus.BeforeDisbursement:
                return (ApiProblems.Conflict("loanId", $"Loan '{loanId}' is disbursed after now; a payment cannot precede it."), null);
            default:
                // Unknown or imported: checked before the transaction; only a loan removed since gets here.
                return (LoanAccess.NotFound(loanId), null);
        }

        // The loan just before this payment, read under the lock RecordAsync took: the payments
        // strictly before the instant it was stored at (never before an earlier one), so the
        // difference to the position after it is this payment's allocation.
        var paidAt = outcome.PaidAt!.Value;
        var before = (await LoanStatements.LoadAsync(connection, transaction, loanId, paidAt, cancellationToken))!.Position;
        var after = outcome.Position!;
        await AuditLog.WriteAsync(connection, transaction, caller.KeyId, "loan.repayment", loanId,
            new { amount = Amounts.Of(amount), paidAt, payoff = Amounts.Of(outcome.Payoff!.Total), status = LoanStatuses.ToText(after.Status) }, now, cancellationToken);
        return (null, new RepaymentResponse(
            loanId,
            paidAt,
            Amounts.Of(amount),
            Amounts.Of(outcome.Payoff!.Total),
            AllocationLine.Between(before, after),
            LoanStatuses.ToText(after.Status),
            after.DaysPastDue,
            LoanTotals.From(after),
            InstallmentLine.From(after)));
    }
}
